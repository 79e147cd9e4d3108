package dev.redkit.session.internal;

import dev.redkit.core.Codec;
import dev.redkit.core.CodecException;
import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisOps;
import dev.redkit.core.RedkitException;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.RedkitMetrics;
import dev.redkit.core.spi.Replies;
import dev.redkit.session.ClientInfo;
import dev.redkit.session.MaxSessionsPolicy;
import dev.redkit.session.NewSession;
import dev.redkit.session.Session;
import dev.redkit.session.SessionInfo;
import dev.redkit.session.SessionLimitExceededException;
import dev.redkit.session.SessionStore;
import dev.redkit.session.SessionStoreBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Redis implementation of {@link SessionStore}.
 *
 * <h2>Key layout</h2>
 * With {@code keys = connector.keySpace("session", name)} and {@code tag} the user's slot tag (see
 * {@link Tokens}), every key of one user shares the Cluster hash slot of <code>{tag}</code>:
 * <pre>
 *   &lt;prefix&gt;:session:&lt;name&gt;:{&lt;tag&gt;}:s:&lt;id&gt;       hash, one session; id = keyed hash of the token
 *       u  encoded user id        c  created (epoch ms)    l  last seen (epoch ms)
 *       e  current expiry (ms)    x  absolute expiry (ms)  ip, ua  client info (absent when empty)
 *       a:&lt;name&gt;  attribute value, JSON
 *   &lt;prefix&gt;:session:&lt;name&gt;:{&lt;tag&gt;}:u:&lt;encoded user id&gt;   sorted set: member = session id, score = e
 * </pre>
 * A session hash expires (Redis TTL) at {@code e}; the index expires at its highest score. Scripts reach
 * session keys of the same slot from index members and the index from field {@code u}: those keys are
 * not in {@code KEYS} but always share the hash tag of the declared key, which Redis Cluster allows.
 *
 * <p>Instants are epoch milliseconds of the configured clock, computed here and passed to the scripts;
 * Redis TTLs are set as the relative remaining time, so Redis' own clock only measures durations.
 */
public final class RedisSessionStore implements SessionStore {

    static final LuaScript CREATE = LuaScript.fromResource(RedisSessionStore.class, "create.lua");
    static final LuaScript GET = LuaScript.fromResource(RedisSessionStore.class, "get.lua");
    static final LuaScript UPDATE = LuaScript.fromResource(RedisSessionStore.class, "update.lua");
    static final LuaScript ROTATE = LuaScript.fromResource(RedisSessionStore.class, "rotate.lua");
    static final LuaScript REVOKE = LuaScript.fromResource(RedisSessionStore.class, "revoke.lua");
    static final LuaScript REVOKE_ALL = LuaScript.fromResource(RedisSessionStore.class, "revoke-all.lua");
    static final LuaScript LIST = LuaScript.fromResource(RedisSessionStore.class, "list.lua");

    private static final Codec<Object> VALUES = AttributeValues.CODEC;
    private static final String ATTRIBUTE_PREFIX = "a:";

    private final SessionSettings settings;
    private final KeySpace keys;
    private final RedisOps ops;
    private final RedkitMetrics metrics;
    private final Tokens tokens;
    private final long idleMillis;
    private final long touchMillis;
    private final long absoluteMillis;

    /**
     * Creates the store.
     *
     * @param settings validated settings
     */
    public RedisSessionStore(SessionSettings settings) {
        this.settings = settings;
        this.keys = settings.connector().keySpace("session", settings.name());
        this.ops = settings.connector().ops();
        this.metrics = RedkitMetrics.of(settings.meterRegistry(), "session", settings.name());
        this.tokens = new Tokens(settings.hasher());
        this.idleMillis = settings.idleTimeout().toMillis();
        this.touchMillis = settings.touchInterval().toMillis();
        this.absoluteMillis = settings.absoluteTimeout().toMillis();
    }

    @Override
    public NewSession create(String userId, Map<String, ?> attributes, ClientInfo clientInfo) {
        return tryCreate(userId, attributes, clientInfo)
                .orElseThrow(() -> new SessionLimitExceededException(settings.name(), settings.maxSessionsPerUser()));
    }

    @Override
    public Optional<NewSession> tryCreate(String userId, Map<String, ?> attributes, ClientInfo clientInfo) {
        String user = encodeUserId(userId);
        if (attributes == null) {
            throw new IllegalArgumentException("attributes must not be null (use Map.of())");
        }
        if (clientInfo == null) {
            throw new IllegalArgumentException("clientInfo must not be null (use ClientInfo.unknown())");
        }
        List<Object> pairs = new ArrayList<>();
        Map<String, Object> stored = encodeAttributes(attributes, pairs, null);
        KeySpace.Slot slot = keys.slot(tokens.tagOf(userId));
        String index = indexKey(slot, userId);
        String token = tokens.newToken(slot.tag());
        String id = tokens.idOf(token);
        long now = settings.clock().millis();
        List<Object> args = new ArrayList<>(10 + pairs.size());
        args.add(now);
        args.add(idleMillis);
        args.add(absoluteMillis);
        args.add(settings.maxSessionsPerUser());
        args.add(settings.policy() == MaxSessionsPolicy.REJECT ? "reject" : "evict");
        args.add(id);
        args.add(slot.key("s") + ':');
        args.add(user);
        args.add(clientInfo.ip());
        args.add(clientInfo.userAgent());
        args.addAll(pairs);
        return metrics.time(
                "create",
                () -> {
                    List<Object> reply =
                            Replies.asList(ops.execute(CREATE.call(List.of(slot.key("s", id), index), args)));
                    long status = Replies.asLong(reply.get(0));
                    if (status == 0) {
                        metrics.increment("rejected");
                        return Optional.<NewSession>empty();
                    }
                    int evicted = (int) Replies.asLong(reply.get(1));
                    metrics.increment("created");
                    if (evicted > 0) {
                        metrics.increment("evicted", evicted);
                    }
                    long absolute = now + absoluteMillis;
                    Session session = new Session(
                            id,
                            userId,
                            Instant.ofEpochMilli(now),
                            Instant.ofEpochMilli(now),
                            Instant.ofEpochMilli(Math.min(now + idleMillis, absolute)),
                            Instant.ofEpochMilli(absolute),
                            clientInfo,
                            stored);
                    return Optional.of(new NewSession(token, session, evicted));
                },
                r -> r.isPresent() ? "created" : "rejected");
    }

    @Override
    public Optional<Session> get(String token) {
        return metrics.time("get", () -> load(token), r -> r.isPresent() ? "hit" : "miss");
    }

    private Optional<Session> load(String token) {
        if (!Tokens.isWellFormed(token)) {
            return Optional.empty();
        }
        KeySpace.Slot slot = keys.slot(Tokens.tagOfToken(token));
        String id = tokens.idOf(token);
        String key = slot.key("s", id);
        long now = settings.clock().millis();
        List<Object> fields = Replies.asList(ops.execute(RedisCommand.of("HGETALL", key)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Session read = toSession(id, key, fields);
        if (!touchDue(read, now)) {
            return Optional.of(read);
        }
        // expired by the clock (the script deletes it and its index entry) or due for a touch: the script
        // reads the hash again, so a revocation or an update since the HGETALL is seen
        Object reply =
                ops.execute(GET.call(List.of(key), List.of(now, idleMillis, slot.key("u") + ':', id, touchMillis)));
        return reply == null ? Optional.empty() : Optional.of(toSession(id, key, Replies.asList(reply)));
    }

    /**
     * Whether a get at {@code now} of {@code read} must run the get script: when it has expired by the clock
     * (idle or absolute: its expiry is never past the absolute one; a missing expiry or last-seen field reads as
     * 0, so the script answers then, as it did for every get before issue 19) or when {@code touchInterval} has
     * passed since its last write.
     */
    private boolean touchDue(Session read, long now) {
        return read.expiresAt().toEpochMilli() <= now || now - read.lastSeenAt().toEpochMilli() >= touchMillis;
    }

    @Override
    public boolean update(String token, Map<String, ?> attributes) {
        if (attributes == null) {
            throw new IllegalArgumentException("attributes must not be null");
        }
        List<Object> pairs = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        encodeAttributes(attributes, pairs, removed);
        if (!Tokens.isWellFormed(token)) {
            return false;
        }
        KeySpace.Slot slot = keys.slot(Tokens.tagOfToken(token));
        List<Object> args = new ArrayList<>(3 + removed.size() + pairs.size());
        args.add(settings.clock().millis());
        args.add(settings.maxAttributeBytes());
        args.add(removed.size());
        args.addAll(removed);
        args.addAll(pairs);
        long result = metrics.time(
                "update",
                () -> Replies.asLong(ops.execute(UPDATE.call(List.of(slot.key("s", tokens.idOf(token))), args))));
        if (result < 0) {
            throw new IllegalArgumentException(
                    "attributes would take " + (-result) + " bytes once merged, more than maxAttributeBytes "
                            + settings.maxAttributeBytes() + "; nothing was written");
        }
        return result == 1;
    }

    @Override
    public Optional<NewSession> rotate(String token) {
        if (!Tokens.isWellFormed(token)) {
            return Optional.empty();
        }
        KeySpace.Slot slot = keys.slot(Tokens.tagOfToken(token));
        String oldId = tokens.idOf(token);
        String newToken = tokens.newToken(slot.tag());
        String newId = tokens.idOf(newToken);
        String newKey = slot.key("s", newId);
        Object reply = metrics.time(
                "rotate",
                () -> ops.execute(ROTATE.call(
                        List.of(slot.key("s", oldId), newKey),
                        List.of(settings.clock().millis(), idleMillis, slot.key("u") + ':', oldId, newId))));
        if (reply == null) {
            return Optional.empty();
        }
        return Optional.of(new NewSession(newToken, toSession(newId, newKey, Replies.asList(reply)), 0));
    }

    @Override
    public boolean revoke(String token) {
        if (!Tokens.isWellFormed(token)) {
            return false;
        }
        KeySpace.Slot slot = keys.slot(Tokens.tagOfToken(token));
        String id = tokens.idOf(token);
        return revokeOne(slot, id, "");
    }

    @Override
    public boolean revoke(String userId, String sessionId) {
        String user = encodeUserId(userId);
        if (!Tokens.isWellFormedId(sessionId)) {
            return false;
        }
        return revokeOne(keys.slot(tokens.tagOf(userId)), sessionId, user);
    }

    private boolean revokeOne(KeySpace.Slot slot, String id, String expectedUser) {
        long n = metrics.time(
                "revoke",
                () -> Replies.asLong(ops.execute(
                        REVOKE.call(List.of(slot.key("s", id)), List.of(slot.key("u") + ':', id, expectedUser)))));
        if (n > 0) {
            metrics.increment("revoked");
        }
        return n > 0;
    }

    @Override
    public int revokeAll(String userId) {
        return revokeAllBut(userId, null);
    }

    @Override
    public int revokeAllExcept(String userId, String keepToken) {
        return revokeAllBut(userId, keepToken);
    }

    /** Revokes every session of the user but the one of {@code keepToken}, if it is a token of this user. */
    private int revokeAllBut(String userId, @Nullable String keepToken) {
        encodeUserId(userId);
        String tag = tokens.tagOf(userId);
        String keepId = keepToken != null
                        && Tokens.isWellFormed(keepToken)
                        && Tokens.tagOfToken(keepToken).equals(tag)
                ? tokens.idOf(keepToken)
                : "";
        KeySpace.Slot slot = keys.slot(tag);
        String index = indexKey(slot, userId);
        int n = metrics.time("revokeAll", () -> (int) Replies.asLong(
                ops.execute(REVOKE_ALL.call(List.of(index), List.of(slot.key("s") + ':', keepId)))));
        if (n > 0) {
            metrics.increment("revoked", n);
        }
        return n;
    }

    @Override
    public List<SessionInfo> list(String userId) {
        encodeUserId(userId);
        KeySpace.Slot slot = keys.slot(tokens.tagOf(userId));
        String index = indexKey(slot, userId);
        List<Object> reply = metrics.time(
                "list",
                () -> Replies.asList(ops.execute(
                        LIST.call(List.of(index), List.of(settings.clock().millis(), slot.key("s") + ':')))));
        List<SessionInfo> out = new ArrayList<>(reply.size());
        for (Object entry : reply) {
            List<Object> v = Replies.asList(entry);
            out.add(new SessionInfo(
                    Replies.asText(v.get(0)),
                    instant(v.get(1)),
                    instant(v.get(2)),
                    instant(v.get(3)),
                    instant(v.get(4)),
                    new ClientInfo(orEmpty(v.get(5)), orEmpty(v.get(6)))));
        }
        return out;
    }

    private Session toSession(String id, String key, List<Object> flat) {
        @Nullable String user = null;
        long created = 0;
        long lastSeen = 0;
        long expiry = 0;
        long absolute = 0;
        String ip = "";
        String ua = "";
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            // field names compared as the bytes Redis sent: no string per field, only per attribute name
            byte[] field = Replies.asBlob(flat.get(i));
            Object value = flat.get(i + 1);
            if (field.length == 1) {
                switch (field[0]) {
                    case 'u':
                        user = KeySpace.decode(Replies.asText(value));
                        break;
                    case 'c':
                        created = Replies.asLong(value);
                        break;
                    case 'l':
                        lastSeen = Replies.asLong(value);
                        break;
                    case 'e':
                        expiry = Replies.asLong(value);
                        break;
                    case 'x':
                        absolute = Replies.asLong(value);
                        break;
                    default:
                        break;
                }
            } else if (is(field, 'i', 'p')) {
                ip = Replies.asText(value);
            } else if (is(field, 'u', 'a')) {
                ua = Replies.asText(value);
            } else if (field.length >= 2 && field[0] == 'a' && field[1] == ':') {
                attributes.put(
                        new String(field, 2, field.length - 2, StandardCharsets.UTF_8),
                        AttributeValues.decode(key, Replies.asBlob(value)));
            }
        }
        if (user == null) {
            throw new RedkitException("session hash " + key + " has no user field", null);
        }
        return new Session(
                id,
                user,
                Instant.ofEpochMilli(created),
                Instant.ofEpochMilli(lastSeen),
                Instant.ofEpochMilli(expiry),
                Instant.ofEpochMilli(absolute),
                new ClientInfo(ip, ua),
                attributes);
    }

    private static boolean is(byte[] field, char first, char second) {
        return field.length == 2 && field[0] == first && field[1] == second;
    }

    /**
     * Validates and encodes attributes into {@code pairs} ({@code a:<name>}, JSON bytes); with a non-null
     * {@code removed}, null values are removals, else they are refused.
     */
    private Map<String, Object> encodeAttributes(
            Map<String, ?> attributes, List<Object> pairs, @Nullable List<String> removed) {
        Map<String, Object> stored = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.length() > SessionStoreBuilder.MAX_ATTRIBUTE_NAME_LENGTH) {
                throw new IllegalArgumentException(
                        "attributes: each name must be 1-" + SessionStoreBuilder.MAX_ATTRIBUTE_NAME_LENGTH
                                + " characters, was " + (name == null ? "null" : name.length() + " characters"));
            }
            Checks.wellFormed(name, "attributes name");
            if (e.getValue() == null) {
                if (removed == null) {
                    throw new IllegalArgumentException("attributes['" + name + "'] must not be null");
                }
                removed.add(ATTRIBUTE_PREFIX + name);
                continue;
            }
            if (e.getValue() instanceof String) {
                Checks.wellFormed((String) e.getValue(), "attributes['" + name + "']");
            }
            byte[] bytes;
            try {
                bytes = VALUES.encode(e.getValue());
            } catch (CodecException ex) {
                throw new IllegalArgumentException(
                        "attributes['" + name + "'] cannot be written by the JSON codec ("
                                + e.getValue().getClass().getName() + "): " + ex.getMessage(),
                        ex);
            }
            total += name.getBytes(StandardCharsets.UTF_8).length + bytes.length;
            if (total > settings.maxAttributeBytes()) {
                throw new IllegalArgumentException("attributes take more than maxAttributeBytes "
                        + settings.maxAttributeBytes() + " bytes (names in UTF-8 plus JSON values)");
            }
            pairs.add(ATTRIBUTE_PREFIX + name);
            pairs.add(bytes);
            stored.put(name, AttributeValues.decode(bytes));
        }
        return stored;
    }

    /**
     * Encodes and checks a user id: 1-512 characters ({@link KeySpace#encode(String, String)}) and at most
     * {@link SessionStore#MAX_USER_ID_BYTES} bytes once encoded, which with the longest key prefix and store
     * name still fits the key limit, so the documented bound is the one enforced.
     */
    private static String encodeUserId(String userId) {
        String encoded = KeySpace.encode(userId, "userId");
        if (encoded.length() > SessionStore.MAX_USER_ID_BYTES) {
            throw new IllegalArgumentException("userId must be at most " + SessionStore.MAX_USER_ID_BYTES
                    + " bytes once encoded (A-Z a-z 0-9 - _ . @ + take 1 byte, any other character 3 per UTF-8 byte),"
                    + " was " + encoded.length());
        }
        return encoded;
    }

    private static String indexKey(KeySpace.Slot slot, String userId) {
        return slot.key("u", userId, "userId");
    }

    private static Instant instant(Object reply) {
        return Instant.ofEpochMilli(Replies.asLong(reply));
    }

    private static String orEmpty(Object reply) {
        String s = Replies.asString(reply);
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "SessionStore{" + keys.base() + "*, " + settings + '}';
    }
}
