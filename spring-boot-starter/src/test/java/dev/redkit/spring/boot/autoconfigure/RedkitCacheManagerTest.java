package dev.redkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redkit.embedded.junit.RedisTest;
import dev.redkit.embedded.junit.RedisTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@RedisTest
class RedkitCacheManagerTest {

    /** Counts loads across both application instances of a test. */
    static final AtomicInteger LOADS = new AtomicInteger();

    /** A test context has no auto-configuration package, so the test names the one its value classes live in. */
    static final String TRUSTED = "redkit.spring-cache.trusted-packages=dev.redkit.spring.boot.autoconfigure";

    /** Waiters never give up on the loading instance, however slow a loaded build machine makes the 300 ms load. */
    static final String[] PATIENT = {"redkit.cache.offers.lease-wait=60s", "redkit.cache.offers.lease-ttl=60s"};

    public record Offer(String id, long cashbackCents) {}

    public static class Catalogue {

        @Cacheable(cacheNames = "offers", sync = true)
        public List<Offer> offersOf(String merchant) throws InterruptedException {
            LOADS.incrementAndGet();
            Thread.sleep(300);
            return new ArrayList<>(List.of(new Offer(merchant + "-1", 150), new Offer(merchant + "-2", 300)));
        }

        @Cacheable("offer")
        public Offer offer(String id) {
            LOADS.incrementAndGet();
            return id.startsWith("gone") ? null : new Offer(id, 100);
        }

        @CacheEvict("offer")
        public void evict(String id) {}
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class App {
        @Bean
        Catalogue catalogue() {
            return new Catalogue();
        }
    }

    @Test
    void syncCacheableLoadsOnceAcrossTwoInstances(RedisTestContext ctx) {
        LOADS.set(0);
        TestApps.runner(ctx)
                .withUserConfiguration(App.class)
                .withPropertyValues(TRUSTED)
                .withPropertyValues(PATIENT)
                .run(one -> TestApps.runner(ctx)
                        .withUserConfiguration(App.class)
                        .withPropertyValues(TRUSTED)
                        .withPropertyValues(PATIENT)
                        .run(two -> {
                            assertThat(one.getBean(CacheManager.class)).isInstanceOf(RedkitCacheManager.class);
                            List<Catalogue> instances =
                                    List.of(one.getBean(Catalogue.class), two.getBean(Catalogue.class));
                            int threads = 8;
                            CyclicBarrier start = new CyclicBarrier(threads);
                            ExecutorService pool = Executors.newFixedThreadPool(threads);
                            List<Future<List<Offer>>> results = new ArrayList<>();
                            for (int i = 0; i < threads; i++) {
                                Catalogue c = instances.get(i % 2);
                                results.add(pool.submit(() -> {
                                    start.await();
                                    return c.offersOf("amazon");
                                }));
                            }
                            for (Future<List<Offer>> f : results) {
                                assertThat(f.get(30, TimeUnit.SECONDS))
                                        .containsExactly(new Offer("amazon-1", 150), new Offer("amazon-2", 300));
                            }
                            pool.shutdown();
                            assertThat(LOADS.get()).isEqualTo(1);
                        }));
    }

    @Test
    void plainCacheableStoresReadsCachesNullAndEvicts(RedisTestContext ctx) {
        LOADS.set(0);
        TestApps.runner(ctx)
                .withUserConfiguration(App.class)
                .withPropertyValues(TRUSTED)
                .withPropertyValues("redkit.cache.offer.ttl=1h")
                .run(app -> {
                    Catalogue c = app.getBean(Catalogue.class);
                    assertThat(c.offer("o1")).isEqualTo(new Offer("o1", 100));
                    assertThat(c.offer("o1")).isEqualTo(new Offer("o1", 100));
                    assertThat(c.offer("gone-1")).isNull();
                    assertThat(c.offer("gone-1")).isNull();
                    assertThat(LOADS.get()).isEqualTo(2);
                    c.evict("o1");
                    assertThat(c.offer("o1")).isEqualTo(new Offer("o1", 100));
                    assertThat(LOADS.get()).isEqualTo(3);
                });
    }

    @Test
    void theCodecRefusesClassesOutsideTrustedPackages() {
        SpringCacheCodec codec = new SpringCacheCodec(
                tools.jackson.databind.json.JsonMapper.builder().build(),
                List.of("dev.redkit.spring"),
                getClass().getClassLoader());
        Object back = codec.decode(codec.encode(Map.of("a", new Offer("x", 1))));
        assertThat(back).isEqualTo(Map.of("a", new Offer("x", 1)));
        byte[] tampered =
                "{\"c\":\"javax.naming.InitialContext\",\"v\":{}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(tampered))
                .hasMessageContaining("javax.naming.InitialContext is not in a trusted package");
        byte[] fileHandler = "{\"c\":\"java.util.logging.FileHandler\",\"v\":\"/tmp/x\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(fileHandler))
                .hasMessageContaining("java.util.logging.FileHandler is not in a trusted package");
        java.util.UUID id = java.util.UUID.randomUUID();
        assertThat(codec.decode(codec.encode(List.of(id)))).isEqualTo(List.of(id));
        assertThat(codec.decode(codec.encode(java.time.Duration.ofSeconds(5))))
                .isEqualTo(java.time.Duration.ofSeconds(5));
    }
}
