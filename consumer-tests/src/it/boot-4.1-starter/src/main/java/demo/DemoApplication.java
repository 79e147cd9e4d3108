package demo;

import dev.redkit.core.RedisConnector;
import dev.redkit.lock.RedisLock;
import dev.redkit.ratelimit.Limit;
import dev.redkit.ratelimit.RateLimitDecision;
import dev.redkit.ratelimit.RateLimitHeaders;
import dev.redkit.ratelimit.RateLimiter;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.SessionStore;
import dev.redkit.spring.boot.autoconfigure.JobHandlerBinding;
import dev.redkit.spring.boot.autoconfigure.RedkitQueues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@EnableCaching
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    public record Greeting(String text) {
    }

    public record Mail(String to) {
    }

    static final List<String> SENT = new CopyOnWriteArrayList<>();

    @Bean
    JobHandlerBinding<Mail> mails() {
        return JobHandlerBinding.of("mails", Mail.class, (job, ctx) -> SENT.add(job.to()));
    }

    @Bean
    RateLimiter apiLimiter(RedisConnector connector) {
        return RateLimiter.builder(connector, "api").slidingWindow(Limit.perMinute(2));
    }

    @Service
    public static class Greetings {
        private final AtomicInteger loads = new AtomicInteger();

        public int loads() {
            return loads.get();
        }

        @Cacheable(cacheNames = "greetings", sync = true)
        public Greeting greet(String name) {
            loads.incrementAndGet();
            return new Greeting("hello " + name);
        }
    }

    @RestController
    static class Api {
        private final SessionStore sessions;
        private final RateLimiter limiter;
        private final Greetings greetings;
        private final RedkitQueues queues;
        private final RedisLock lock;

        Api(SessionStore sessions, RateLimiter limiter, Greetings greetings, RedkitQueues queues, RedisLock lock) {
            this.sessions = sessions;
            this.limiter = limiter;
            this.greetings = greetings;
            this.queues = queues;
            this.lock = lock;
        }

        @PostMapping("/login/{user}")
        Map<String, String> login(@PathVariable("user") String user) {
            return Map.of("token", sessions.create(user, Map.of(), ClientInfo.unknown()).token());
        }

        @GetMapping("/me")
        ResponseEntity<String> me(@RequestHeader("Authorization") String auth) {
            return sessions.get(auth.substring("Bearer ".length()))
                    .map(s -> ResponseEntity.ok(s.userId())).orElse(ResponseEntity.status(401).build());
        }

        @GetMapping("/limited")
        ResponseEntity<String> limited(@RequestHeader("X-Client") String client) {
            RateLimitDecision d = limiter.tryAcquire(client, 1);
            ResponseEntity.BodyBuilder b = ResponseEntity.status(d.allowed() ? 200 : 429);
            RateLimitHeaders.of(d).forEach(b::header);
            return b.body(d.allowed() ? "ok" : "slow down");
        }

        @GetMapping("/greet/{name}")
        Greeting greet(@PathVariable("name") String name) {
            return greetings.greet(name);
        }

        @PostMapping("/mail/{to}")
        String mail(@PathVariable("to") String to) {
            return queues.queue("mails", Mail.class).enqueue(new Mail(to)).id();
        }

        @PostMapping("/locked/{name}")
        ResponseEntity<Long> locked(@PathVariable("name") String name) {
            return lock.tryAcquire(name).map(lease -> {
                try (lease) {
                    return ResponseEntity.ok(lease.fencingToken());
                }
            }).orElse(ResponseEntity.status(409).build());
        }
    }
}
