package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.WireInstant;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (the system's headless chromium, driven by its chromedriver; never
 * a downloaded one): an admin signs in, sees the devices with the queues they reported (a name full
 * of markup shown as text) update live, revokes one with wipe and sees it go offline, applies the
 * change it sent up, and reads the analytics and alerts.
 * With {@code -Drepairsync.console.screenshots=DIR} it saves each screen there (docs/console/
 * holds the committed ones). Skipped without chromium unless {@code CI} is set, where it fails.
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM =
            Path.of(System.getenv().getOrDefault("REPAIRSYNC_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("REPAIRSYNC_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static WebDriver browser;

    @BeforeAll
    static void openBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "no chromium and chromedriver here: the console's browser test is skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--window-size=1500,1000", "--disable-dev-shm-usage", "--disable-gpu");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // chromium refuses to run as root with its sandbox
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAdminSeesTwoDevicesQueuesLiveRevokesOneWithWipeAndReviewsWhatItHeld() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("Front desk PC");
        Shop.Employee tom = shop.createEmployee(office, "technician", "Tom");
        Device bench = server.login(tom.email(), TestServer.PASSWORD, "Bench tablet <b>2</b>");
        Device counter = shop.employeeDevice(office, "front_desk", "Fay");
        report(bench, 3, 4000, 2);
        report(counter, 7, 90, 0);
        report(office, 0, null, 0);
        syncALittle(office, bench);

        browser.get(server.http().baseUrl() + "/console");
        wait(ExpectedConditions.urlContains("/console/login"));
        browser.findElement(By.id("email")).sendKeys(shop.adminEmail());
        browser.findElement(By.id("password")).sendKeys(TestServer.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        wait(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#device-table tbody tr"), 3));

        assertThat(cell(bench, "queue")).isEqualTo("3");
        assertThat(cell(counter, "queue")).isEqualTo("7");
        assertThat(cell(bench, "name")).as("markup shows as text").isEqualTo("Bench tablet <b>2</b>");
        assertThat(cell(bench, "oldest")).isEqualTo("1 h");
        assertThat(row(counter).getText()).contains("online");
        screenshot("devices");
        report(bench, 9, 4100, 2);
        wait(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-device='" + bench.deviceId() + "'] td.queue"), "9"));
        assertThat(browser.getCurrentUrl()).as("updated live, without a reload").endsWith("/console");

        row(counter).findElement(By.cssSelector("button.revoke-wipe")).click();
        wait(ExpectedConditions.alertIsPresent()).accept();
        wait(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr[data-device='" + counter.deviceId() + "'] .state"), "revoked, wipe"));
        assertThat(row(counter).getText()).doesNotContain("online");
        assertThat(row(bench).getText()).contains("online");

        String held = surrender(counter);
        wait(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-device='" + counter.deviceId() + "'] button.review-held")));
        row(counter).findElement(By.cssSelector("button.review-held")).click();
        By heldRow = By.cssSelector("#held-table tr[data-mutation='" + held + "']");
        wait(ExpectedConditions.presenceOfElementLocated(heldRow));
        assertThat(browser.findElement(heldRow).getText()).contains("Held back");
        screenshot("held");
        browser.findElement(heldRow)
                .findElement(By.cssSelector("button.apply-held"))
                .click();
        wait(ExpectedConditions.textToBePresentInElementLocated(heldRow, "applied"));
        assertThat(office.pullAll(0).changes().toString()).contains("Held back");

        browser.findElement(By.id("nav-analytics")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-mutations canvas")));
        assertThat(browser.findElement(By.id("totals")).getText()).contains("Pushes");
        screenshot("analytics");

        browser.findElement(By.id("nav-alerts")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("alert-list"), "changes not sent"));
        assertThat(browser.findElement(By.id("alert-list")).getText()).contains("Bench tablet <b>2</b>");
        screenshot("alerts");
    }

    @Test
    void theAuditShowsWhatADeviceAndAnEmployeeDidFromTheDevicesLinks() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("Front desk PC");
        Device bench = shop.employeeDevice(office, "technician", "Tom");
        String item = UUID.randomUUID().toString();
        office.pushOk(List.of(Mutations.upsert("inventoryItems", item)
                .field("sku", "BAT-7")
                .field("name", "Battery <i>7</i>")
                .field("quantity", 4)));
        office.pushOk(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Ada")));
        bench.pushOk(List.of(Mutations.adjust("inventoryItems", item, "quantity", -1)));
        report(bench, 0, null, 0);

        browser.manage().deleteAllCookies();
        browser.get(server.http().baseUrl() + "/console");
        wait(ExpectedConditions.urlContains("/console/login"));
        browser.findElement(By.id("email")).sendKeys(shop.adminEmail());
        browser.findElement(By.id("password")).sendKeys(TestServer.PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        wait(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-device='" + bench.deviceId() + "'] a.activity")));
        row(bench).findElement(By.cssSelector("td.actions a.activity")).click();

        By rows = By.cssSelector("#audit-table tbody tr[data-seq]");
        wait(ExpectedConditions.numberOfElementsToBe(rows, 1));
        assertThat(browser.findElement(rows).getText()).contains("Tom", "adjust", "quantity -1 → 3");
        assertThat(browser.getCurrentUrl()).contains("#audit?device=" + bench.deviceId());

        browser.findElement(By.id("audit-clear")).click();
        wait(ExpectedConditions.numberOfElementsToBeMoreThan(rows, 4));
        String all = browser.findElement(By.id("audit-table")).getText();
        assertThat(all).contains("Battery <i>7</i>").contains("firstName: null → \"Ada\"");
        screenshot("audit");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("audit-employee")))
                .selectByValue(bench.employeeId());
        browser.findElement(By.id("audit-show")).click();
        wait(ExpectedConditions.numberOfElementsToBe(rows, 1));
        assertThat(browser.getCurrentUrl()).contains("employee=" + bench.employeeId());
    }

    /** The revoked device sends up a change it had not sent, as its SDK does; its mutation id. */
    private static String surrender(Device device) {
        com.fasterxml.jackson.databind.node.ObjectNode change = Mutations.upsert(
                        "customers", UUID.randomUUID().toString())
                .field("firstName", "Held back")
                .build();
        change.put("hlc", device.nextHlc().toString());
        change.put("actorId", device.employeeId());
        assertThat(server.http()
                        .post(
                                "/v1/devices/held",
                                Map.of("refreshToken", device.refreshToken(), "mutations", List.of(change)),
                                null)
                        .status())
                .isEqualTo(200);
        return change.path("mutationId").asText();
    }

    /** Some sync for the analytics to show: the office's changes, pulls, and the bench's refused ones. */
    private static void syncALittle(Device office, Device bench) {
        for (int i = 0; i < 5; i++) {
            office.pushOk(List.of(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Customer " + i)));
            bench.pull("?cursor=0");
        }
        bench.push(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Not mine")));
    }

    private static void report(Device device, int queued, Integer oldestSeconds, int failed) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("appVersion", "RepairSync Desk 0.9.0");
        report.put("platform", "Linux 6.1 (amd64), Java 17");
        report.put("queueDepth", queued);
        report.put("oldestUnsentSeconds", oldestSeconds);
        report.put("failedCount", failed);
        report.put("conflictCount", 0);
        report.put("lastPushSeconds", 5);
        report.put("lastPullSeconds", 4);
        report.put("actingEmployeeId", device.employeeId());
        report.put("deviceTime", WireInstant.format(Instant.now()));
        assertThat(server.http()
                        .post("/v1/devices/health", report, device.accessToken())
                        .status())
                .isEqualTo(204);
    }

    private static WebElement row(Device device) {
        return browser.findElement(By.cssSelector("tr[data-device='" + device.deviceId() + "']"));
    }

    private static String cell(Device device, String cssClass) {
        return row(device).findElement(By.cssSelector("td." + cssClass)).getText();
    }

    private static <T> T wait(java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(browser, WAIT).until(condition);
    }

    /** Saves the screen when screenshots were asked for. */
    private static void screenshot(String screen) {
        String dir = System.getProperty("repairsync.console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path file = ((org.openqa.selenium.TakesScreenshot) browser)
                .getScreenshotAs(OutputType.FILE)
                .toPath();
        try {
            Files.createDirectories(Path.of(dir));
            Files.copy(file, Path.of(dir, screen + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
