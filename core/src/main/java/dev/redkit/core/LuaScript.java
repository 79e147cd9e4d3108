package dev.redkit.core;

import dev.redkit.core.spi.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A Lua script loaded once from a {@code .lua} classpath resource, with its SHA1 digest.
 *
 * <p>{@link RedisOps} runs it with {@code EVALSHA}; when the server answers {@code NOSCRIPT} (after a
 * restart, a failover or {@code SCRIPT FLUSH}) it runs the same call with {@code EVAL}, which also caches
 * the script on that server, so the next call is an {@code EVALSHA} again. On Cluster the call is routed
 * by its keys, which must all share one hash slot (see {@link KeySpace.Slot}).
 *
 * <p>Each resource starts with a comment documenting {@code KEYS}, {@code ARGV} and the reply.
 * Instances are immutable and thread-safe; keep one per script in a {@code static final} field:
 * <!-- snippet: CoreSnippets#luaScript -->
 * <pre>{@code
 * private static final LuaScript ACQUIRE = LuaScript.fromResource(MyLock.class, "acquire.lua");
 *
 * Object acquire(RedisOps ops, String key, String token, long ttlMillis) {
 *     return ops.execute(ACQUIRE.call(List.of(key), List.of(token, ttlMillis)));
 * }
 * }</pre>
 */
public final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;
    private final byte[] sha1Bytes;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1Hex(source);
        this.sha1Bytes = sha1.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Loads a script from a classpath resource relative to {@code anchor}'s package.
     *
     * @param anchor a class in the same package as the resource
     * @param resource the resource name, for example {@code acquire.lua}
     * @return the script
     * @throws IllegalArgumentException if the resource is missing or empty
     */
    public static LuaScript fromResource(Class<?> anchor, String resource) {
        Checks.notNull(anchor, "anchor");
        Checks.notNull(resource, "resource");
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "script resource '" + resource + "' not found next to " + anchor.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.isBlank()) {
                throw new IllegalArgumentException("script resource '" + resource + "' is empty");
            }
            String pkg = anchor.getPackageName().replace('.', '/');
            return new LuaScript(pkg.isEmpty() ? resource : pkg + '/' + resource, text);
        } catch (IOException e) {
            throw new IllegalArgumentException("script resource '" + resource + "' could not be read", e);
        }
    }

    /**
     * Creates a script from source text, for tools and tests; components load resources instead.
     *
     * @param name a name for messages and metrics
     * @param source the Lua source
     * @return the script
     */
    public static LuaScript of(String name, String source) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be empty");
        }
        return new LuaScript(name, source);
    }

    /**
     * This script with a library's source in front of it, for scripts that share code: Redis runs each script
     * alone, so shared functions and locals travel in every script's source. The library runs first, at every
     * call, and its locals are in scope for this script; a function defined there is a new closure at every call,
     * which costs Redis a few thousand instructions each, so hot scripts share plain locals rather than functions.
     * The result keeps this script's {@link #name()}; line numbers in Redis's error messages count from the
     * library's first line.
     *
     * <!-- snippet: CoreSnippets#luaScriptWithLibrary -->
     * <pre>{@code
     * private static final LuaScript COMMON = LuaScript.fromResource(MyLimiter.class, "common.lua");
     * private static final LuaScript CHECK =
     *         LuaScript.fromResource(MyLimiter.class, "check.lua").withLibrary(COMMON);
     * }</pre>
     *
     * @param library the shared code
     * @return a new script whose source is the library's, a line break, then this script's
     * @throws IllegalArgumentException if {@code library} is null
     */
    public LuaScript withLibrary(LuaScript library) {
        Checks.notNull(library, "library");
        return new LuaScript(name, library.source + '\n' + source);
    }

    /**
     * Prepares one invocation of this script.
     *
     * @param keys the keys ({@code KEYS}); all in one hash slot on Cluster
     * @param args the arguments ({@code ARGV}): {@code String}, {@code byte[]}, numbers or booleans
     * @return a command to pass to {@link RedisOps#execute(RedisCommand)} or a pipeline
     */
    public RedisCommand call(List<String> keys, List<?> args) {
        return RedisCommand.script(this, keys, args);
    }

    /** @return the resource path, for example {@code dev/redkit/lock/internal/acquire.lua} */
    public String name() {
        return name;
    }

    /** @return the Lua source */
    public String source() {
        return source;
    }

    /** @return the lower-case hex SHA1 of the source, as {@code SCRIPT LOAD} returns it */
    public String sha1() {
        return sha1;
    }

    /** The {@link #sha1()} as sent in every {@code EVALSHA}, encoded once; shared, so callers must not modify it. */
    byte[] sha1Bytes() {
        return sha1Bytes;
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(40);
            for (byte b : digest) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "LuaScript{" + name + ", sha1=" + sha1 + '}';
    }
}
