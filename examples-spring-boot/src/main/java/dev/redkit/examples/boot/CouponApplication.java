package dev.redkit.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The coupon platform's core flows on Spring Boot with {@code redkit-spring-boot-starter}: OTP login and
 * sessions, a rate-limited route, a cached catalogue, an order e-mail job and a locked wallet withdrawal. The
 * wallet balance lives in Redis through Spring Data Redis (Lettuce), beside Redkit on the same server.
 *
 * <p>Run it with {@code mvn -f examples-spring-boot spring-boot:run}: it starts an embedded Redis
 * ({@code redkit.embedded.enabled=true} in {@code application.properties}). Point it at a real server with
 * {@code --redkit.embedded.enabled=false --spring.data.redis.url=redis://host:6379}.
 */
@SpringBootApplication
@EnableCaching
public class CouponApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(CouponApplication.class, args);
    }
}
