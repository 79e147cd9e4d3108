package dev.redkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redkit.embedded.EmbeddedRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** rediss:// against a TLS-only embedded server with a certificate made in the test. */
class TlsIT {

    @Test
    void connectsOverTlsWithCustomTrustStoreAndHostnameVerification() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().tls().start();
                RedisConnector redis = RedisConnector.create(server.config())) {
            assertThat(server.url()).startsWith("rediss://127.0.0.1:");
            assertThat(redis.config().tls()).isTrue();
            assertThat(redis.config().verifyHostname()).isTrue();
            RedisHealth health = redis.health();
            assertThat(health.up()).as(health.error()).isTrue();
            assertThat(health.serverVersion()).isEqualTo("7.0.15");
        }
    }

    @Test
    void refusesAHostNameTheCertificateDoesNotNameAndAnUntrustedCertificate() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().tls().start()) {
            RedisConfig wrongHost = server.config().toBuilder()
                    .standalone("localhost", server.port())
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            try (RedisConnector redis = RedisConnector.create(wrongHost)) {
                assertThatThrownBy(redis::ping).isInstanceOf(RedisUnavailableException.class);
            }
            RedisConfig defaultTrust = RedisConfig.fromUrl(server.url());
            try (RedisConnector redis = RedisConnector.create(defaultTrust)) {
                assertThatThrownBy(redis::ping).isInstanceOf(RedisUnavailableException.class);
            }
            RedisConfig noVerification =
                    wrongHost.toBuilder().verifyHostname(false).build();
            try (RedisConnector redis = RedisConnector.create(noVerification)) {
                assertThat(redis.ping()).isPositive();
            }
        }
    }

    @Test
    void plainClientCannotTalkToTlsServer() {
        try (EmbeddedRedis server = EmbeddedRedis.builder().tls().start();
                RedisConnector redis = RedisConnector.create(RedisConfig.builder()
                        .standalone("127.0.0.1", server.port())
                        .socketTimeout(Duration.ofMillis(500))
                        .build())) {
            assertThatThrownBy(redis::ping).isInstanceOf(RedisUnavailableException.class);
        }
    }
}
