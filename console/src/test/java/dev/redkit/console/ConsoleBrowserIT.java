package dev.redkit.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.redkit.core.RedisConnector;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.queue.EnqueueOptions;
import dev.redkit.queue.Worker;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through {@code /usr/bin/chromedriver}
 * (no driver download), one browser session for the whole class, against the JDK server adapter on one embedded
 * Redis (the API tests cover both topologies). With {@code -Dredkit.screenshots=<dir>} it also saves a screenshot
 * of each page (how docs/console/ is made). Skipped where chromedriver is missing unless
 * {@code REDKIT_BROWSER_TESTS=required} (set by .ci/run), where it then fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final String DRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    private static final String CHROMIUM = System.getProperty("redkit.chromium", "/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(browser, WAIT)
                .withMessage(() -> browser.getCurrentUrl() + "\n" + browser.getPageSource());
    }

    private EmbeddedRedis server;
    private RedisConnector redis;
    private Fixture f;
    private ConsoleServer http;
    private Worker worker;
    private WebDriver browser;
    private String base;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        assumeTrue(
                new File(DRIVER).canExecute() || "required".equals(System.getenv("REDKIT_BROWSER_TESTS")),
                "no chromedriver at " + DRIVER + " (apt-get install chromium chromium-driver)");
        server = EmbeddedRedis.builder().start();
        redis = RedisConnector.create(server.config());
        f = new Fixture(redis, b -> b.sampleInterval(Duration.ofMillis(300)));
        worker = f.emails
                .worker((job, ctx) -> {
                    if (job.to().startsWith("fail-once") && failedOnce.add(ctx.id())) {
                        throw new IllegalStateException("smtp refused " + job.to());
                    }
                })
                .concurrency(1)
                .start();
        http = ConsoleServer.start(f.console, 0);
        base = "http://127.0.0.1:" + http.port();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1000");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        traffic();
        browser.get(base + "/login");
        browser.findElement(By.name("token")).sendKeys(Fixture.TOKEN);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(d -> d.getTitle().startsWith("Overview"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (worker != null) {
            worker.close();
        }
        if (http != null) {
            http.close();
        }
        if (f != null) {
            f.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aRequestWithoutAuthenticationGets401() throws Exception {
        for (String path : List.of("/", "/queues/emails", "/api/overview")) {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            assertThat(c.getResponseCode()).as(path).isEqualTo(401);
            c.disconnect();
        }
    }

    @Test
    @Order(2)
    void everyPageLoadsWithoutConsoleErrors() throws Exception {
        String[][] pages = {
            {"/", "overview"},
            {"/queues", "queues"},
            {"/queues/emails?state=dead", "queue-dead-letters"},
            {"/locks", "locks"},
            {"/limits?limiter=logins&key=203.0.113.9", "rate-limits"},
            {"/sessions?store=web&user=u-42", "sessions"},
            {"/leaderboards", "leaderboards"},
            {"/analytics?trending=products", "analytics"}
        };
        for (String[] p : pages) {
            browser.get(base + p[0]);
            waiting().until(d -> !d.findElements(By.tagName("main")).isEmpty());
            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .collect(Collectors.toList());
            assertThat(errors).as(p[0]).isEmpty();
            screenshot(
                    p[1], !browser.findElements(By.cssSelector("figure.chart")).isEmpty());
        }
    }

    @Test
    @Order(3)
    void aChartShowsDataAfterTraffic() {
        for (int i = 0; i < 20; i++) {
            f.emails.enqueue(new Fixture.Mail("user" + i + "@example.com"), EnqueueOptions.delay(Duration.ofHours(1)));
        }
        browser.get(base + "/queues/emails?state=delayed");
        waiting().until(d -> {
            WebElement fig = d.findElement(By.id("chart-depth"));
            String points = fig.getAttribute("data-points");
            return points != null
                    && Integer.parseInt(points) >= 2
                    && !fig.findElements(By.cssSelector("polyline")).isEmpty()
                    && fig.findElement(By.cssSelector(".legend")).getText().contains("delayed: 20");
        });
    }

    @Test
    @Order(4)
    void deadLetterReplayThroughTheButtonRunsTheJobAgain() {
        deadLetters("welcome-mail-7");
        browser.get(base + "/queues/emails?state=dead");
        WebElement row = browser.findElements(By.cssSelector("tr.job")).stream()
                .filter(r -> r.getText().contains("welcome-mail-7"))
                .findFirst()
                .orElseThrow();
        assertThat(row.getText()).contains("smtp refused fail-once-welcome-mail-7@example.com");
        double before = completed();
        row.findElement(By.cssSelector("button.replay")).click();
        waiting().until(d -> d.getCurrentUrl().contains("state=dead"));
        waiting().until(d -> completed() > before);
        browser.get(base + "/queues/emails?id=welcome-mail-7");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("No job welcome-mail-7");
        // the processed-per-minute series the chart draws saw the replayed job succeed
        waiting().until(d -> {
            d.get(base + "/api/series/queue-rate:emails");
            return d.findElement(By.tagName("body")).getText().matches("(?s).*\"processed/min\":\\[[^\\]]*[1-9].*");
        });
        browser.get(base + "/queues/emails?state=dead");
        waiting()
                .until(d -> !d.findElement(By.id("chart-rate"))
                        .findElements(By.cssSelector("polyline"))
                        .isEmpty());
    }

    @Test
    @Order(5)
    void aScriptMemberNameStaysText() {
        f.board.increment(Fixture.XSS, 100);
        browser.get(base + "/leaderboards");
        WebElement cell = browser.findElements(By.cssSelector("td.member")).stream()
                .filter(c -> c.getText().equals(Fixture.XSS))
                .findFirst()
                .orElseThrow();
        assertThat(cell.getText()).isEqualTo(Fixture.XSS);
        assertThat(browser.getTitle()).doesNotContain("pwned");
        assertThat(browser.findElements(By.cssSelector("td.member script"))).isEmpty();
    }

    @Test
    @Order(6)
    void aCrossSiteMutationGets403() throws IOException {
        deadLetters("keep-me");
        long dead = f.emails.stats().dead();
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String form = "<!DOCTYPE html><html><body><form method=\"post\" action=\"" + base + "/queues/emails/purge\">"
                + "<input type=\"hidden\" name=\"all\" value=\"1\"><button id=\"go\" type=\"submit\">win a prize</button></form></body></html>";
        evil.createContext("/", ex -> {
            byte[] b = form.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(b);
            }
        });
        evil.start();
        try {
            // another site: localhost is not 127.0.0.1
            browser.get("http://localhost:" + evil.getAddress().getPort() + "/");
            browser.findElement(By.id("go")).click();
            waiting().until(d -> d.getPageSource().contains("cross-site request refused"));
            assertThat(f.emails.stats().dead()).isEqualTo(dead);
        } finally {
            evil.stop(0);
        }
    }

    private double completed() {
        return f.registry.find("redkit.queue.completed").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private void traffic() {
        deadLetters("order-1001-receipt", "order-1002-receipt");
        f.board.increment("asha", 420);
        f.board.increment("bruno", 380);
        f.board.increment("chen", 310);
        f.logins.tryAcquire("203.0.113.9", 3);
        f.sessions.create("u-42", Map.of(), new dev.redkit.session.ClientInfo("198.51.100.7", "Firefox on Linux"));
        f.sessions.create("u-42", Map.of(), new dev.redkit.session.ClientInfo("198.51.100.8", "Safari on iPhone"));
        for (int i = 0; i < 5; i++) {
            f.analytics.track(dev.redkit.analytics.Event.builder()
                    .count("clicks", "all")
                    .trend("products", "sku-" + (i % 3))
                    .build());
        }
        f.locks.tryAcquire("nightly-report").orElseThrow();
    }

    /** Dead letters made by the running worker: each job fails its only attempt. */
    private void deadLetters(String... ids) {
        long dead = f.emails.stats().dead();
        for (String id : ids) {
            f.emails.enqueue(
                    new Fixture.Mail("fail-once-" + id + "@example.com"),
                    EnqueueOptions.immediate().id(id));
        }
        waiting().until(d -> f.emails.stats().dead() >= dead + ids.length);
    }

    private void screenshot(String name, boolean hasChart) throws Exception {
        String dir = System.getProperty("redkit.screenshots");
        if (dir == null) {
            return;
        }
        if (hasChart) {
            waiting().until(d -> {
                String points = d.findElement(By.cssSelector("figure.chart")).getAttribute("data-points");
                return points != null && Integer.parseInt(points) >= 2;
            });
        }
        Path out = Path.of(dir, name + ".png");
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
