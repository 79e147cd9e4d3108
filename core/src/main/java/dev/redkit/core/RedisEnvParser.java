package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link RedisConfig} from environment variables, as {@link RedisConfig#fromEnv(Map)} documents them.
 */
final class RedisEnvParser {

    private RedisEnvParser() {}

    static Optional<RedisConfig> parseIfSet(Map<String, String> env) {
        Checks.notNull(env, "env");
        boolean named = blankToNull(env.get("REDIS_URL")) != null
                || blankToNull(env.get("REDIS_CLUSTER_NODES")) != null
                || blankToNull(env.get("REDIS_SENTINELS")) != null;
        return named ? Optional.of(parse(env)) : Optional.empty();
    }

    static RedisConfig parse(Map<String, String> env) {
        Checks.notNull(env, "env");
        String url = blankToNull(env.get("REDIS_URL"));
        String clusterNodes = blankToNull(env.get("REDIS_CLUSTER_NODES"));
        String sentinels = blankToNull(env.get("REDIS_SENTINELS"));
        int given = (url == null ? 0 : 1) + (clusterNodes == null ? 0 : 1) + (sentinels == null ? 0 : 1);
        if (given == 0) {
            throw new IllegalArgumentException("none of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS is set");
        }
        if (given > 1) {
            throw new IllegalArgumentException("set only one of REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS");
        }
        RedisConfig.Builder b;
        if (url != null) {
            b = RedisUrlParser.parse(url).toBuilder();
        } else if (clusterNodes != null) {
            b = RedisConfig.builder().cluster(parseEndpoints(clusterNodes, "REDIS_CLUSTER_NODES"));
        } else if (sentinels != null) {
            String master = blankToNull(env.get("REDIS_SENTINEL_MASTER"));
            if (master == null) {
                throw new IllegalArgumentException("REDIS_SENTINEL_MASTER must be set with REDIS_SENTINELS");
            }
            b = RedisConfig.builder().sentinel(master, parseEndpoints(sentinels, "REDIS_SENTINELS"));
        } else {
            throw new IllegalStateException("exactly one of the three is set (counted above)");
        }
        String user = blankToNull(env.get("REDIS_USERNAME"));
        String pass = env.get("REDIS_PASSWORD");
        if (user != null) {
            b.username(user);
        }
        if (pass != null && !pass.isEmpty()) {
            b.password(pass);
        }
        String tlsFlag = blankToNull(env.get("REDIS_TLS"));
        if (tlsFlag != null) {
            b.tls(RedisUrlParser.parseBoolean(tlsFlag, "REDIS_TLS"));
        }
        String prefix = blankToNull(env.get("REDKIT_KEY_PREFIX"));
        if (prefix != null) {
            b.keyPrefix(prefix);
        }
        return b.build();
    }

    private static List<RedisEndpoint> parseEndpoints(String text, String field) {
        List<RedisEndpoint> list = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException(field + " has an empty entry");
            }
            try {
                list.add(RedisEndpoint.parse(part, 6379));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        }
        return list;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
