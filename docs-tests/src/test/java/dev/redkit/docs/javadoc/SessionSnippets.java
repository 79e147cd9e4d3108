package dev.redkit.docs.javadoc;

import dev.redkit.core.RedisConnector;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.NewSession;
import dev.redkit.session.Session;
import dev.redkit.session.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Javadoc examples of the Session module, compiled; see {@code JavadocExamples}. */
class SessionSnippets {

    // session/src/main/java/dev/redkit/session/SessionStore.java
    void sessionStore(RedisConnector connector, byte[] sessionKey, String ip, String userAgent) {
        // region sessionStore
        SessionStore sessions = SessionStore.builder(connector, "web", sessionKey) // 32 random bytes
                .idleTimeout(Duration.ofHours(24))
                .absoluteTimeout(Duration.ofDays(7))
                .maxSessionsPerUser(5)
                .build();
        NewSession s = sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of(ip, userAgent));
        Optional<Session> current = sessions.get(s.token()); // and touches the idle expiry
        // endregion
    }

    // session/src/main/java/dev/redkit/session/SessionStoreBuilder.java
    void sessionStoreBuilder(RedisConnector connector, byte[] secretKeyBytes) {
        // region sessionStoreBuilder
        SessionStore sessions = SessionStore.builder(connector, "web", secretKeyBytes)
                .idleTimeout(Duration.ofHours(24))
                .absoluteTimeout(Duration.ofDays(7))
                .maxSessionsPerUser(5)
                .build();
        // endregion
    }

    // session/src/main/java/dev/redkit/session/package-info.java
    void sessionPackage(RedisConnector connector, byte[] sessionKey, String ip, String userAgent) {
        // region sessionPackage
        SessionStore sessions = SessionStore.builder(connector, "default", sessionKey) // 32 random bytes, required
                .idleTimeout(Duration.ofHours(24))
                .absoluteTimeout(Duration.ofDays(7))
                .maxSessionsPerUser(5)
                .build();
        NewSession s = sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of(ip, userAgent));
        Optional<Session> current = sessions.get(s.token());
        // endregion
    }
}
