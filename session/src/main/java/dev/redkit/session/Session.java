package dev.redkit.session;

import dev.redkit.core.CodecException;
import dev.redkit.core.Codecs;
import dev.redkit.core.spi.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A live session as {@link SessionStore#get(String)} returned it: immutable snapshot, thread-safe.
 *
 * <p>Attribute values were stored as JSON with the core codec ({@link Codecs#json(Class)}) and come back
 * as JSON's natural Java types ({@code String}, {@code Integer}/{@code Long}, {@code Double},
 * {@code Boolean}, {@code List}, {@code Map}); {@link #attribute(String, Class)} converts them to the
 * type you ask for, including your own classes.
 *
 * @param id the session id (a keyed hash of the token, not usable as a token)
 * @param userId the user the session belongs to
 * @param createdAt when the session was created (client clock of the creating instance)
 * @param lastSeenAt when it was last validated or rotated, to within the store's touch interval
 * @param expiresAt when it expires unless used again: last use plus the idle timeout, capped by
 *     {@code absoluteExpiresAt}
 * @param absoluteExpiresAt creation plus the absolute timeout; nothing extends a session past it
 * @param clientInfo where it was opened from
 * @param attributes the attributes, unmodifiable
 */
public record Session(
        String id,
        String userId,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        Instant absoluteExpiresAt,
        ClientInfo clientInfo,
        Map<String, Object> attributes) {

    /**
     * Checks the fields and copies the attributes.
     *
     * @param id the id
     * @param userId the user id
     * @param createdAt the creation time
     * @param lastSeenAt the last-seen time
     * @param expiresAt the current expiry
     * @param absoluteExpiresAt the absolute expiry
     * @param clientInfo the client info
     * @param attributes the attributes
     */
    public Session {
        Checks.notNull(id, "id");
        Checks.notNull(userId, "userId");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(lastSeenAt, "lastSeenAt");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(absoluteExpiresAt, "absoluteExpiresAt");
        Checks.notNull(clientInfo, "clientInfo");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.notNull(attributes, "attributes")));
    }

    /**
     * One attribute converted to a type: returned as is when it already is an instance of the type,
     * else converted through the JSON codec (so {@code Long.class} reads a stored {@code 42},
     * {@code Cart.class} reads a stored object).
     *
     * @param name the attribute name
     * @param type the wanted type
     * @param <T> the type
     * @return the value, or empty when the session has no such attribute
     * @throws IllegalArgumentException if the stored value cannot be converted to the type (the message
     *     names the attribute and the type)
     */
    public <T> Optional<T> attribute(String name, Class<T> type) {
        Checks.notNull(type, "type");
        Object value = attributes.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (type.isInstance(value)) {
            return Optional.of(type.cast(value));
        }
        try {
            return Optional.of(
                    Codecs.json(type).decode(Codecs.json(Object.class).encode(value)));
        } catch (CodecException e) {
            throw new IllegalArgumentException("attribute '" + name + "' cannot be read as " + type.getName(), e);
        }
    }

    /**
     * A text attribute.
     *
     * @param name the attribute name
     * @return the value, or empty when absent
     * @throws IllegalArgumentException if the stored value is not text
     */
    public Optional<String> stringAttribute(String name) {
        Object value = attributes.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("attribute '" + name + "' is not text but "
                    + value.getClass().getSimpleName());
        }
        return Optional.ofNullable((String) value);
    }

    /** @return this session's listing entry, without attributes */
    public SessionInfo info() {
        return new SessionInfo(id, createdAt, lastSeenAt, expiresAt, absoluteExpiresAt, clientInfo);
    }
}
