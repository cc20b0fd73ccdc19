package com.repairsync.cli;

import static com.repairsync.cli.TerminalShop.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachments through the real jar: a photo attached on the front desk's device is uploaded and
 * synced before the command exits, listed as synced, and written byte for byte on a second device
 * that downloads it; a file that is no photo is refused naming the file argument.
 */
class CliAttachmentsIT {
    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    @TempDir
    Path temp;

    @Test
    void aPhotoAttachedOnOneDeviceIsSyncedAndArrivesIdenticalOnAnother() throws Exception {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path bench = shop.device("bench");
        String ticket = ticket(desk);
        Path photo = jpeg(temp.resolve("front.jpg"));

        JsonNode attached = ok(desk, "ticket", "attach", ticket, photo.toString(), "--caption", "cracked corner");

        String id = attached.path("id").asText();
        assertThat(attached.path("status").path("state").asText())
                .as("%s", attached)
                .isEqualTo("synced");
        JsonNode listed = ok(desk, "attachment", "list", ticket);
        assertThat(listed).hasSize(1);
        JsonNode row = listed.get(0);
        assertThat(row.path("id").asText()).isEqualTo(id);
        assertThat(row.path("kind").asText()).isEqualTo("photo");
        assertThat(row.path("caption").asText()).isEqualTo("cracked corner");
        assertThat(row.path("fileName").asText()).isEqualTo("front.jpg");
        assertThat(row.path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(row.path("size").asLong()).isEqualTo(Files.size(photo));
        assertThat(row.path("status").path("text").asText()).isEqualTo("synced");
        Cli.Run table = Cli.run("attachment", "list", ticket, "--device", desk.toString());
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.stdout()).contains("STATUS", "front.jpg", "image/jpeg", "cracked corner", "synced", "Ada");

        ok(bench, "sync");
        Path copy = temp.resolve("copy.jpg");
        JsonNode got = ok(bench, "attachment", "get", id, "--out", copy.toString());

        assertThat(sha256(copy)).isEqualTo(sha256(photo));
        assertThat(got.path("sha256").asText()).isEqualTo(sha256(photo));
        assertThat(got.path("downloaded").asBoolean())
                .as("the bench did not hold it")
                .isTrue();
        assertThat(ok(bench, "attachment", "list", ticket)
                        .get(0)
                        .path("status")
                        .path("state")
                        .asText())
                .isEqualTo("synced");
    }

    @Test
    void aFileThatIsNoPhotoOrDocumentIsRefusedNamingTheFileArgument() throws Exception {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        String ticket = ticket(desk);
        Path elf = temp.resolve("x.jpg");
        Files.write(elf, new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0});

        Cli.Run refused = Cli.run("ticket", "attach", ticket, elf.toString(), "--device", desk.toString());

        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCode.USAGE);
        assertThat(refused.stderr().strip().lines()).as("%s", refused).hasSize(1);
        assertThat(refused.stderr()).startsWith("repairsync: FILE").contains("x.jpg");
        assertThat(refused.stderr()).doesNotContain("Exception", "\tat ");
        assertThat(refused.stdout()).isEmpty();
        assertThat(ok(desk, "attachment", "list", ticket)).isEmpty();
        assertThat(ok(desk, "status").path("pending").asInt())
                .as("nothing stored")
                .isZero();
    }

    private static String ticket(Path desk) {
        String customer =
                ok(desk, "customer", "add", "--first-name", "Grace").path("id").asText();
        return ok(
                        desk,
                        "ticket",
                        "add",
                        "--customer-id",
                        customer,
                        "--device-type",
                        "phone",
                        "--device-model",
                        "Pixel 8",
                        "--problem",
                        "cracked screen")
                .path("id")
                .asText();
    }

    /** A small real JPEG: a gradient with a stripe, so it has some bytes to it. */
    private static Path jpeg(Path file) throws Exception {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < 320; x++) {
            g.setColor(new Color(x * 255 / 320, 80, 255 - x * 255 / 320));
            g.drawLine(x, 0, x, 239);
        }
        g.setColor(Color.WHITE);
        g.fillRect(40, 100, 240, 20);
        g.dispose();
        if (!ImageIO.write(image, "jpg", file.toFile())) {
            throw new IllegalStateException("no JPEG writer in this Java");
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
