package com.repairsync.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.Attachments;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Ticket;
import com.repairsync.desk.backend.FxGuard;
import com.repairsync.desk.ui.FileDialogs;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Attachments at the desk, headless against a real server: a repair checked in with a photo (a
 * real JPEG) and a signature drawn with the mouse; the repair's gallery with thumbnails and upload
 * badges until synced; the tablet receives both and adds a photo and a PDF, which appear live; the
 * viewer downloads the tablet's photo; offline, a PDF not held here says so, and saves once back.
 * Takes the attachment screenshots of docs/desk.
 */
@ExtendWith(ApplicationExtension.class)
class AttachmentsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                    + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final Deque<List<File>> CHOSEN = new ArrayDeque<>();
    private static final Deque<File> SAVE_TO = new ArrayDeque<>();
    private static TabletShop joined;
    private static TestServer server;
    private static Shop shop;
    private static TcpProxy proxy;
    private static RepairSyncDevice tablet;
    private static Path files;
    private static Scene shown;
    private DeskStage.Shown desk;

    @BeforeAll
    static void shopWithSampleData() throws Exception {
        joined = TabletShop.start("desk-attach-tablet");
        server = joined.server();
        shop = joined.shop();
        proxy = joined.proxy();
        tablet = joined.tablet();
        files = Files.createTempDirectory("desk-attach-files");
        FileDialogs.use(new FileDialogs.Chooser() {
            @Override
            public List<File> open(javafx.stage.Window owner, String title) {
                return CHOSEN.isEmpty() ? List.of() : CHOSEN.poll();
            }

            @Override
            public File save(javafx.stage.Window owner, String title, String fileName) {
                return SAVE_TO.poll();
            }
        });
    }

    @AfterAll
    static void stopServer() {
        joined.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        desk = DeskStage.showFor(stage, joined, "desk-attach-desk");
        shown = desk.scene();
    }

    @Stop
    void stop() {
        desk.close();
    }

    @Test
    void photosAndASignatureFromCheckInToTheTablet(FxRobot robot) throws Exception {
        Path photo = jpeg("cracked-back.jpg", new Color(0x2f6fdf), 1200, 900);
        join(robot);
        checkInWithPhotoAndSignature(robot, photo);
        String ticketId = ticketOfTablet("Cracked back glass");
        openRepairAndWaitUntilSynced(robot);
        theTabletGetsBoth(ticketId, photo);
        theTabletsPhotoAndPdfAppearLive(robot, ticketId);
        viewTheTabletsPhoto(robot);
        offlineThePdfSaysSoThenSaves(robot);
        assertThat(FxGuard.violations())
                .as("SDK or network calls made on the JavaFX thread")
                .isZero();
    }

    private void join(FxRobot robot) {
        waitFor("join form", () -> robot.lookup("#joinEmail").tryQuery().isPresent());
        robot.clickOn("#joinEmail").write(shop.adminEmail());
        robot.clickOn("#joinPassword").write(TestServer.PASSWORD);
        robot.clickOn("#joinButton");
        waitFor("customers after join", () -> customerRow(robot, "Ada") != null);
    }

    private void checkInWithPhotoAndSignature(FxRobot robot, Path photo) throws Exception {
        clickUntil(robot, () -> customerRow(robot, "Ada"), () -> robot.lookup("#createTicket")
                .query()
                .isVisible());
        robot.clickOn("#ticketModel").write("Galaxy S23");
        robot.clickOn("#ticketProblem").write("Cracked back glass");
        CHOSEN.add(List.of(photo.toFile()));
        robot.clickOn("#addPhotos");
        waitFor(
                "the photo's tile",
                () -> robot.lookup(".draft-photo").queryAll().size() == 1);

        robot.clickOn("#captureSignature");
        waitFor("the signature pad", () -> visible(robot, "#signatureCanvas"));
        assertThat(robot.lookup("#signatureAccept").query().isDisabled())
                .as("nothing to accept before signing")
                .isTrue();
        sign(robot);
        waitFor("signed", () -> !robot.lookup("#signatureAccept").query().isDisabled());
        Screenshots.take(robot.lookup("#signaturePad").query().getScene(), "13-signature");
        robot.clickOn("#signatureAccept");
        waitFor(
                "the signature's tile",
                () -> robot.lookup(".draft-signature").queryAll().size() == 1);
        Screenshots.take(shown, "12-check-in-attachments");

        robot.clickOn("#createTicket");
        waitFor("checked in with both", () -> text(robot, "#notice").equals("Repair checked in with 2 attachments"));
        assertThat(robot.lookup(".draft-tile").queryAll())
                .as("the form starts empty again")
                .isEmpty();
    }

    /** Draws a signature: a few strokes with the mouse button held, as a person would with a pen. */
    private static void sign(FxRobot robot) throws Exception {
        Canvas canvas = robot.lookup("#signatureCanvas").query();
        Bounds box = onFx(() -> canvas.localToScreen(canvas.getBoundsInLocal()));
        double left = box.getMinX();
        double base = box.getMinY() + 130;
        robot.drag(new Point2D(left + 60, base), MouseButton.PRIMARY);
        double[][] stroke = {{90, -70}, {120, 0}, {150, -60}, {185, 5}, {220, -40}, {260, 0}, {330, -20}, {420, -5}};
        for (double[] point : stroke) {
            robot.moveTo(new Point2D(left + point[0], base + point[1]));
        }
        robot.drop();
        robot.drag(new Point2D(left + 300, base - 60), MouseButton.PRIMARY);
        robot.moveTo(new Point2D(left + 340, base + 10)).moveTo(new Point2D(left + 380, base - 50));
        robot.drop();
    }

    private void openRepairAndWaitUntilSynced(FxRobot robot) {
        waitFor("the new repair in Ada's list", () -> repairRow(robot, "Cracked back glass") != null);
        robot.doubleClickOn(repairRow(robot, "Cracked back glass"));
        waitFor(
                "the gallery with two tiles",
                () -> robot.lookup(".attachment-tile").queryAll().size() == 2);
        waitFor(
                "the photo's thumbnail",
                () -> robot.lookup(".attachment-photo .attachment-thumbnail")
                                .queryAll()
                                .size()
                        == 1);
        waitFor(
                "both synced",
                () -> badges(robot).size() == 2
                        && badges(robot).stream().allMatch(s -> s == AttachmentStatus.State.SYNCED));
    }

    private static void theTabletGetsBoth(String ticketId, Path photo) throws Exception {
        await().atMost(PATIENCE).untilAsserted(() -> {
            tablet.syncNow();
            assertThat(tablet.attachments().ofTicket(ticketId))
                    .extracting(Attachment::kind)
                    .containsExactlyInAnyOrder(Attachments.PHOTO, Attachments.SIGNATURE);
        });
        List<Attachment> both = tablet.attachments().ofTicket(ticketId);
        Attachment taken = both.stream()
                .filter(a -> a.kind().equals(Attachments.PHOTO))
                .findFirst()
                .orElseThrow();
        try (InputStream in = tablet.attachments().open(taken.id())) {
            assertThat(in.readAllBytes()).as("the photo, byte for byte").isEqualTo(Files.readAllBytes(photo));
        }
        Attachment signature = both.stream()
                .filter(a -> a.kind().equals(Attachments.SIGNATURE))
                .findFirst()
                .orElseThrow();
        assertThat(signature.contentType()).isEqualTo("image/png");
        try (InputStream in = tablet.attachments().open(signature.id())) {
            BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
            assertThat(darkPixels(drawn)).as("ink of the signature").isGreaterThan(200);
        }
    }

    private void theTabletsPhotoAndPdfAppearLive(FxRobot robot, String ticketId) throws Exception {
        Path inside = jpeg("inside.jpg", new Color(0xe8a317), 800, 600);
        tablet.tickets().attach(ticketId, inside, Attachments.PHOTO, "Water damage inside");
        tablet.tickets()
                .attach(
                        ticketId,
                        new ByteArrayInputStream(PDF),
                        "estimate.pdf",
                        Attachments.DOCUMENT,
                        "Signed estimate");
        tablet.syncNow();
        waitFor("four tiles", () -> robot.lookup(".attachment-tile").queryAll().size() == 4);
        waitFor(
                "the tablet's thumbnail arrived",
                () -> robot.lookup(".attachment-photo .attachment-thumbnail")
                                .queryAll()
                                .size()
                        == 2);
        waitFor(
                "the PDF as a placeholder",
                () -> robot.lookup(".attachment-document .attachment-type").queryAllAs(Label.class).stream()
                        .anyMatch(l -> l.getText().equals("PDF")));
        waitFor(
                "all synced",
                () -> badges(robot).size() == 4
                        && badges(robot).stream().allMatch(s -> s == AttachmentStatus.State.SYNCED));
        Screenshots.take(shown, "14-gallery");
    }

    private void viewTheTabletsPhoto(FxRobot robot) throws Exception {
        robot.clickOn(tile(robot, "Water damage inside"));
        waitFor("the viewer", () -> visible(robot, "#attachmentViewer"));
        waitFor(
                "the downloaded photo",
                () -> robot.lookup("#viewerImage").queryAs(ImageView.class).getImage() != null);
        assertThat(visible(robot, "#viewerProgress")).isFalse();
        Screenshots.take(robot.lookup("#attachmentViewer").query().getScene(), "15-viewer");
        robot.clickOn("#viewerClose");
        waitFor("viewer closed", () -> !visible(robot, "#attachmentViewer"));
    }

    private void offlineThePdfSaysSoThenSaves(FxRobot robot) throws Exception {
        proxy.down();
        waitFor("offline banner", () -> visible(robot, "#offlineBanner"));
        robot.clickOn(tile(robot, "Signed estimate"));
        waitFor("the viewer", () -> text(robot, "#viewerMessage").contains("PDF files are not shown here"));
        File target = files.resolve("saved-estimate.pdf").toFile();
        SAVE_TO.add(target);
        robot.clickOn("#viewerSave");
        waitFor("offline, and not here", () -> text(robot, "#viewerMessage").contains("server cannot be reached"));
        Screenshots.take(robot.lookup("#attachmentViewer").query().getScene(), "16-viewer-offline");

        proxy.up();
        waitFor("back online", () -> !visible(robot, "#offlineBanner"));
        SAVE_TO.add(target);
        robot.clickOn("#viewerSave");
        waitFor("saved", () -> text(robot, "#viewerMessage").startsWith("Saved to"));
        assertThat(Files.readAllBytes(target.toPath())).isEqualTo(PDF);
        robot.clickOn("#viewerClose");
    }

    // ------------------------------------------------------------------ helpers

    private static String ticketOfTablet(String problem) {
        await().atMost(PATIENCE).until(() -> {
            tablet.syncNow();
            return tablet.tickets().all().stream().anyMatch(t -> problem.equals(t.problem()));
        });
        return tablet.tickets().all().stream()
                .filter(t -> problem.equals(t.problem()))
                .map(Ticket::id)
                .findFirst()
                .orElseThrow();
    }

    private static Path jpeg(String name, Color accent, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x1f2a3c));
        g.fillRect(0, 0, width, height);
        g.setColor(accent);
        g.fillRoundRect(width / 4, height / 8, width / 2, height * 3 / 4, 60, 60);
        g.setColor(Color.WHITE);
        g.drawLine(width / 4 + 20, height / 3, width * 3 / 4 - 30, height / 2);
        g.drawLine(width / 2, height / 4, width / 3, height * 2 / 3);
        g.dispose();
        Path file = files.resolve(name);
        ImageIO.write(image, "jpg", file.toFile());
        return file;
    }

    private static int darkPixels(BufferedImage image) {
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
                    dark++;
                }
            }
        }
        return dark;
    }

    private static List<AttachmentStatus.State> badges(FxRobot robot) {
        return robot.lookup(".attachment-badge").queryAll().stream()
                .map(n -> (AttachmentStatus.State) n.getUserData())
                .toList();
    }

    private static Node tile(FxRobot robot, String caption) {
        waitFor("the tile " + caption, () -> findTile(robot, caption) != null);
        return findTile(robot, caption);
    }

    private static Node findTile(FxRobot robot, String caption) {
        return robot.lookup(".attachment-tile").queryAll().stream()
                .filter(t -> t.lookupAll(".label").stream().anyMatch(l -> caption.equals(((Label) l).getText())))
                .findFirst()
                .orElse(null);
    }

    private static TableRow<?> customerRow(FxRobot robot, String firstName) {
        return robot.lookup("#customerTable .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.isVisible()
                        && r.getItem() instanceof Customer c
                        && c.firstName().equals(firstName))
                .findFirst()
                .orElse(null);
    }

    private static TableRow<?> repairRow(FxRobot robot, String problem) {
        return robot.lookup("#customerTickets .table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.isVisible() && r.getItem() instanceof Ticket t && problem.equals(t.problem()))
                .findFirst()
                .orElse(null);
    }

    private static void clickUntil(FxRobot robot, Callable<Node> find, Callable<Boolean> took) throws Exception {
        for (int attempt = 0; attempt < 5 && !onFx(took); attempt++) {
            Node node = onFx(find);
            if (node != null && node.getScene() != null) {
                robot.clickOn(node);
            }
            WaitForAsyncUtils.waitForFxEvents();
        }
        waitFor("click took effect", took);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQueryAs(Label.class).map(Label::getText).orElse("");
    }

    private static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query)
                .tryQuery()
                .map(n -> n.isVisible()
                        && n.getScene() != null
                        && n.getScene().getWindow() != null
                        && n.getScene().getWindow().isShowing())
                .orElse(false);
    }

    private static void waitFor(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> onFx(condition));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Screenshots.take(shown, "failed-attachments-" + what.replace(' ', '-'));
            throw e;
        }
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
