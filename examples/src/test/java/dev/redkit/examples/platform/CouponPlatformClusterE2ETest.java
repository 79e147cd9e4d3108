package dev.redkit.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.core.Topology;
import dev.redkit.embedded.EmbeddedRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The same app on a real 3-master Redis Cluster: a simulated run, then one pass over each component's route. */
class CouponPlatformClusterE2ETest {

    private static EmbeddedRedisCluster cluster;
    private static Platform app;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedRedisCluster.builder().masters(3).start();
        cluster.awaitHealthy(30_000);
        assertThat(cluster.config().topology()).isEqualTo(Topology.CLUSTER);
        app = Platform.start(AppConfig.forTests(cluster.config(), "cluster"), cluster.config());
        api = new Api(app.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyComponentWorksOnCluster() throws Exception {
        TrafficSimulator.Report report = new TrafficSimulator(app, 300, Duration.ofSeconds(60), 4).run(null);
        assertThat(report.serverErrors()).as(report.toString()).isZero();

        String ip = "198.51.100.1";
        assertThat(api.get("/merchants/croma", ip, null).status()).isEqualTo(200);
        assertThat(api.get("/merchants/croma", ip, null).json().get("cache").stringValue())
                .isEqualTo("hit");
        assertThat(api.admin("PUT", "/admin/merchants/10", "{\"name\":\"Croma Store\"}", ip)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/merchants/croma", ip, null).json().get("cache").stringValue())
                .isEqualTo("miss");

        String phone = SeedData.phone(12);
        api.post("/auth/request-otp", "{\"phone\":\"" + phone + "\"}", ip, null);
        String code = app.sms().lastCode(phone).orElseThrow();
        JsonNode login = api.post(
                        "/auth/verify-otp", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}", ip, null)
                .json();
        String token = login.get("token").stringValue();
        assertThat(api.get("/me/sessions", ip, token).json().get("sessions").size())
                .isGreaterThanOrEqualTo(1);
        assertThat(api.post("/offers/31/click", null, ip, token).status()).isEqualTo(200);
        assertThat(api.buy(app, 31, 5000, ip, token).status()).isEqualTo(201);
        assertThat(api.post("/wallet/withdraw", "{\"amountCents\":100}", ip, token)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/leaderboard/referrals", ip, token).json().has("me"))
                .isTrue();
        JsonNode dash = api.admin("GET", "/admin/analytics/realtime", null, ip).json();
        assertThat(dash.get("values").get("clicksToday").longValue()).isGreaterThan(0);
        assertThat(api.get("/health", ip, null).json().get("status").stringValue())
                .isEqualTo("up");
    }
}
