package dev.redkit.spring.boot.autoconfigure;

import dev.redkit.core.RedisEndpoint;
import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.EmbeddedRedisCluster;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * With {@code redkit.embedded.enabled=true} (and {@code redkit-embedded} on the class path), starts a real
 * Redis in-process, once per JVM and topology, and points {@code redkit.redis.url} and
 * {@code spring.data.redis.*} at it, so Redkit and Spring Data Redis share it. The server stops when the JVM
 * exits. For development and tests only: no Docker, no persistence.
 */
public class RedkitEmbeddedEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final Map<String, Map<String, Object>> STARTED = new HashMap<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("redkit.embedded.enabled", Boolean.class, false)) {
            return;
        }
        if (!ClassUtils.isPresent(
                "dev.redkit.embedded.EmbeddedRedis", getClass().getClassLoader())) {
            throw new IllegalStateException(
                    "redkit.embedded.enabled=true needs dev.redkit:redkit-embedded on the class path");
        }
        String topology = environment
                .getProperty("redkit.embedded.topology", System.getProperty("redkit.topology", "standalone"))
                .trim()
                .toLowerCase(Locale.ROOT);
        environment.getPropertySources().addFirst(new MapPropertySource("redkitEmbeddedRedis", properties(topology)));
    }

    private static synchronized Map<String, Object> properties(String topology) {
        return STARTED.computeIfAbsent(topology, t -> {
            Map<String, Object> p = new HashMap<>();
            switch (t) {
                case "cluster": {
                    EmbeddedRedisCluster cluster =
                            EmbeddedRedisCluster.builder().masters(3).start();
                    StringJoiner nodes = new StringJoiner(",");
                    for (RedisEndpoint e : cluster.seedNodes()) {
                        nodes.add(e.host() + ":" + e.port());
                    }
                    p.put("redkit.redis.url", cluster.url());
                    p.put("spring.data.redis.cluster.nodes", nodes.toString());
                    break;
                }
                case "standalone": {
                    EmbeddedRedis server = EmbeddedRedis.builder().start();
                    p.put("redkit.redis.url", server.url());
                    p.put("spring.data.redis.url", "redis://" + server.host() + ":" + server.port());
                    break;
                }
                default:
                    throw new IllegalArgumentException(
                            "redkit.embedded.topology must be standalone or cluster, was '" + t + "'");
            }
            return Map.copyOf(p);
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
