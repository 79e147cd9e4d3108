/**
 * Login sessions on Redis: {@link dev.redkit.session.SessionStore} and its value types.
 * <!-- snippet: SessionSnippets#sessionPackage -->
 * <pre>{@code
 * SessionStore sessions = SessionStore.builder(connector, "default", sessionKey) // 32 random bytes, required
 *         .idleTimeout(Duration.ofHours(24))
 *         .absoluteTimeout(Duration.ofDays(7))
 *         .maxSessionsPerUser(5)
 *         .build();
 * NewSession s = sessions.create("user-42", Map.of("role", "customer"), ClientInfo.of(ip, userAgent));
 * Optional<Session> current = sessions.get(s.token());
 * }</pre>
 */
@NullMarked
package dev.redkit.session;

import org.jspecify.annotations.NullMarked;
