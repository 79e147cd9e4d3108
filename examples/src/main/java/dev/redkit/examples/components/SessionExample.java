package dev.redkit.examples.components;

import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.SessionStore;
import java.time.Duration;
import java.util.Map;

/** Sessions: log in on two devices, list them, log one out. */
public final class SessionExample {

    private SessionExample() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (ExampleRedis redis = ExampleRedis.start()) {
            SessionStore sessions = SessionStore.builder(
                            redis.connector(),
                            "default",
                            "use-32-random-bytes-from-a-vault!".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .idleTimeout(Duration.ofMinutes(30))
                    .absoluteTimeout(Duration.ofDays(1))
                    .maxSessionsPerUser(3)
                    .build();
            NewSession phone =
                    sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of("10.0.0.1", "Android"));
            NewSession laptop =
                    sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of("10.0.0.2", "Firefox"));
            System.out.println("phone token: " + phone.token().substring(0, 8) + "... (shown once)");
            System.out.println("role via token: "
                    + sessions.get(phone.token())
                            .flatMap(s -> s.stringAttribute("role"))
                            .orElse("?"));
            sessions.list("user-42")
                    .forEach(s -> System.out.println(
                            "device " + s.id() + " " + s.clientInfo().userAgent()));
            sessions.revoke(laptop.token());
            System.out.println(
                    "laptop after logout: " + sessions.get(laptop.token()).isPresent());
            System.out.println("devices left: " + sessions.list("user-42").size());
        }
    }
}
