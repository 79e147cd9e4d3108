package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's Redis connection settings, from the connection-details bean when Spring Data Redis is on
 * the class path, else bound from {@code spring.data.redis.*} directly, turned into a {@link RedisConfig}.
 */
final class BootRedisSettings {

    enum Kind {
        STANDALONE,
        SENTINEL,
        CLUSTER
    }

    Kind kind = Kind.STANDALONE;
    String host = "localhost";
    int port = 6379;
    int database;

    @Nullable
    String username;

    @Nullable
    String password;

    boolean ssl;

    @Nullable
    SSLContext sslContext;

    @Nullable
    String sentinelMaster;

    final List<RedisEndpoint> nodes = new ArrayList<>();
    /** A Boot setting Redkit cannot honour, named so startup can refuse it. */
    @Nullable
    String unsupported;

    /** Binds {@code spring.data.redis.*} the way Boot's own {@code PropertiesDataRedisConnectionDetails} reads it. */
    static BootRedisSettings fromProperties(Environment env) {
        Binder binder = Binder.get(env);
        BootRedisSettings s = new BootRedisSettings();
        String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
        s.ssl = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false);
        if (binder.bind("spring.data.redis.ssl.bundle", String.class).isBound()) {
            s.unsupported =
                    "spring.data.redis.ssl.bundle (without Spring Data Redis on the class path); set redkit.redis.url";
        }
        s.username = binder.bind("spring.data.redis.username", String.class).orElse(null);
        s.password = binder.bind("spring.data.redis.password", String.class).orElse(null);
        s.host = binder.bind("spring.data.redis.host", String.class).orElse("localhost");
        s.port = binder.bind("spring.data.redis.port", Integer.class).orElse(6379);
        s.database = binder.bind("spring.data.redis.database", Integer.class).orElse(0);
        if (url != null && !url.isBlank()) {
            RedisConfig parsed = RedisConfig.fromUrl(url);
            RedisEndpoint e = parsed.endpoints().get(0);
            s.host = e.host();
            s.port = e.port();
            s.database = parsed.database();
            s.ssl = s.ssl || parsed.tls();
            s.username = parsed.username();
            s.password = UrlPassword.of(url);
        }
        List<String> cluster = binder.bind(
                        "spring.data.redis.cluster.nodes",
                        org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                .orElse(List.of());
        List<String> sentinels = binder.bind(
                        "spring.data.redis.sentinel.nodes",
                        org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                .orElse(List.of());
        if (!cluster.isEmpty()) {
            s.kind = Kind.CLUSTER;
            cluster.forEach(n -> s.nodes.add(RedisEndpoint.parse(n, 6379)));
        } else if (!sentinels.isEmpty()) {
            s.kind = Kind.SENTINEL;
            s.sentinelMaster = binder.bind("spring.data.redis.sentinel.master", String.class)
                    .orElse(null);
            sentinels.forEach(n -> s.nodes.add(RedisEndpoint.parse(n, 26379)));
            if (binder.bind("spring.data.redis.sentinel.password", String.class).isBound()) {
                s.unsupported = "spring.data.redis.sentinel.password (Redkit does not authenticate to Sentinels)";
            }
        }
        if (binder.bind(
                        "spring.data.redis.masterreplica.nodes",
                        org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                .isBound()) {
            s.unsupported =
                    "spring.data.redis.masterreplica.nodes (Redkit connects to standalone, Sentinel or Cluster)";
        }
        return s;
    }

    /** The configuration, with Boot's timeouts and client name, which apply whichever way the endpoints came. */
    RedisConfig toConfig(Environment env, @Nullable String keyPrefix) {
        if (unsupported != null) {
            throw new IllegalStateException("Redkit cannot use " + unsupported);
        }
        RedisConfig.Builder b = RedisConfig.builder();
        switch (kind) {
            case CLUSTER:
                b.cluster(nodes);
                break;
            case SENTINEL:
                if (sentinelMaster == null) {
                    throw new IllegalStateException(
                            "spring.data.redis.sentinel.master must be set with spring.data.redis.sentinel.nodes");
                }
                b.sentinel(sentinelMaster, nodes).database(database);
                break;
            default:
                b.standalone(host, port).database(database);
        }
        if (username != null && !username.isEmpty()) {
            b.username(username);
        }
        if (password != null && !password.isEmpty()) {
            b.password(password);
        }
        if (ssl) {
            b.tls(true);
            if (sslContext != null) {
                b.sslContext(sslContext);
            }
        }
        Binder binder = Binder.get(env);
        binder.bind("spring.data.redis.timeout", Duration.class).ifBound(b::socketTimeout);
        binder.bind("spring.data.redis.connect-timeout", Duration.class).ifBound(b::connectTimeout);
        binder.bind("spring.data.redis.client-name", String.class).ifBound(b::clientName);
        if (keyPrefix != null) {
            b.keyPrefix(keyPrefix);
        }
        return b.build();
    }

    /** Boot's URL form allows {@code redis://:password@host}; Redkit's parser keeps the user name only. */
    static final class UrlPassword {
        private UrlPassword() {}

        static @Nullable String of(String url) {
            int schemeEnd = url.indexOf("://");
            int at = url.lastIndexOf('@');
            if (schemeEnd < 0 || at < schemeEnd) {
                return null;
            }
            String userInfo = url.substring(schemeEnd + 3, at);
            int colon = userInfo.indexOf(':');
            return colon < 0
                    ? null
                    : java.net.URLDecoder.decode(
                            userInfo.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
