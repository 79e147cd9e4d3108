package dev.redkit.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Which Jedis is on the class path, whether Redkit supports it, and the two places where the supported
 * Jedis 7.4.x and 8.x differ in API: Cluster routing, and refreshing a Cluster client's slot map.
 *
 * <p>Redkit is compiled against Jedis 8. Jedis 7.4 (the version Spring Boot 4.1 manages) has the same
 * clients ({@code RedisClient}, {@code RedisClusterClient}, {@code RedisSentinelClient}) and pipelines, but
 * routes a Cluster command by the slot a {@code ClusterCommandArguments} computed while its keys were
 * added, a class Jedis 8 removed in favour of {@code CommandArguments.addHashSlotKeys}. So on Jedis 7,
 * and on Cluster only, argument lists are created as {@code ClusterCommandArguments} through a method
 * handle, and a {@code WAIT} is routed by its write's key through that class's protected
 * {@code processKey}. Jedis older than 7.4 lacks the clients and is refused with one message.
 */
final class JedisSupport {

    /** The oldest Jedis Redkit runs on; CI runs the Redis tests on it too. */
    static final String MINIMUM = "7.4.1";
    /** The Jedis Redkit is built and tested with, and the one the fix message recommends. */
    static final String RECOMMENDED = "8.0.2";
    /** The newest major version tested. */
    static final int NEWEST_MAJOR = 8;

    private static final Logger LOG = LoggerFactory.getLogger(JedisSupport.class);
    private static final String VERSION = readVersion();
    private static final @Nullable String PROBLEM = problem(VERSION, hasClass("redis.clients.jedis.RedisClient"));
    private static final @Nullable Class<?> CLUSTER_ARGUMENTS =
            loadClass("redis.clients.jedis.ClusterCommandArguments");
    private static final @Nullable MethodHandle NEW_CLUSTER_ARGUMENTS = clusterArgumentsConstructor();
    private static final @Nullable Method CLUSTER_ROUTE = clusterRoute();
    private static final @Nullable Field CLIENT_PROVIDER = CLUSTER_ARGUMENTS == null ? null : clientProvider();

    private JedisSupport() {}

    /** @return the Jedis version on the class path, or {@code "unknown"} if its jar carries none */
    static String version() {
        return VERSION;
    }

    /**
     * @throws IllegalStateException naming the version found, the range supported and the fix, if Jedis is too old
     */
    static void requireSupported() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    /** @return whether this is Jedis 7, whose Cluster commands need {@code ClusterCommandArguments} */
    static boolean legacy() {
        return CLUSTER_ARGUMENTS != null;
    }

    /**
     * The problem with a Jedis version, or {@code null} if Redkit supports it.
     *
     * @param version the version found, or {@code "unknown"}
     * @param hasClients whether {@code redis.clients.jedis.RedisClient} is on the class path
     * @return a one-line message with the fix, or {@code null}
     */
    static @Nullable String problem(String version, boolean hasClients) {
        int[] found = parse(version);
        int[] minimum = parse(MINIMUM);
        boolean tooOld = !hasClients || (found != null && minimum != null && compare(found, minimum) < 0);
        if (!tooOld) {
            if (found != null && found[0] > NEWEST_MAJOR) {
                LOG.warn(
                        "Jedis {} is newer than the newest major version Redkit is tested with ({}.x)",
                        version,
                        NEWEST_MAJOR);
            }
            return null;
        }
        return "Redkit needs Jedis " + MINIMUM + " or later (" + MINIMUM + " to " + NEWEST_MAJOR
                + ".x), but found Jedis "
                + version + " on the class path. Fix: with Maven set the property"
                + " <jedis.version>" + RECOMMENDED + "</jedis.version> (Spring Boot 4.0 manages Jedis 7.0 through it);"
                + " with Gradle add implementation(\"redis.clients:jedis:" + RECOMMENDED + "\")"
                + " (with Spring's dependency-management plugin: ext['jedis.version'] = '" + RECOMMENDED + "').";
    }

    /**
     * A new argument list; on Jedis 7 with Cluster one that computes the slot of the keys added to it.
     *
     * @param command the command
     * @param cluster whether the client is a Cluster client
     * @return the arguments
     */
    static CommandArguments arguments(ProtocolCommand command, boolean cluster) {
        if (!cluster || NEW_CLUSTER_ARGUMENTS == null) {
            return new CommandArguments(command);
        }
        try {
            return (CommandArguments) NEW_CLUSTER_ARGUMENTS.invoke(command);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create Jedis ClusterCommandArguments", e);
        }
    }

    /**
     * A new argument list that Cluster routes to the slot of {@code routingKey} without sending that key.
     *
     * @param command the command
     * @param routingKey the key whose slot routes the command, or {@code null} for none
     * @param cluster whether the client is a Cluster client
     * @return the arguments
     */
    static CommandArguments routedArguments(ProtocolCommand command, byte @Nullable [] routingKey, boolean cluster) {
        if (routingKey == null || !cluster) {
            return new CommandArguments(command);
        }
        if (CLUSTER_ROUTE == null) {
            return new RoutedArguments(command, routingKey);
        }
        CommandArguments args = arguments(command, true);
        try {
            CLUSTER_ROUTE.invoke(args, (Object) routingKey);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot route a Jedis 7 Cluster command by key", e);
        }
        return args;
    }

    /**
     * Re-reads a Cluster client's slot map now: {@code refreshClusterTopology()} on Jedis 8; on Jedis 7, which lacks
     * it, {@code renewSlotCache()} of the client's connection provider (the same work).
     *
     * @param client the Cluster client
     */
    static void refreshTopology(RedisClusterClient client) {
        if (CLIENT_PROVIDER == null) {
            client.refreshClusterTopology();
            return;
        }
        Object provider;
        try {
            provider = CLIENT_PROVIDER.get(client);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the Jedis 7 Cluster connection provider", e);
        }
        if (provider instanceof ClusterConnectionProvider) {
            ((ClusterConnectionProvider) provider).renewSlotCache();
        }
    }

    /** Jedis 8: arguments routed by a key they do not carry. */
    private static final class RoutedArguments extends CommandArguments {
        RoutedArguments(ProtocolCommand command, byte[] routingKey) {
            super(command);
            addHashSlotKeys(routingKey);
        }
    }

    /** @return {@code major.minor.patch} of a version such as {@code 7.4.1} or {@code 8.0.0-beta1}, or {@code null} */
    static int @Nullable [] parse(@Nullable String version) {
        if (version == null) {
            return null;
        }
        String[] parts = version.split("[.-]");
        int[] numbers = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                numbers[i] = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            }
        } catch (NumberFormatException e) {
            return parts.length >= 1 && parts[0].matches("\\d+") ? new int[] {Integer.parseInt(parts[0]), 0, 0} : null;
        }
        return numbers;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static String readVersion() {
        try (InputStream in = Jedis.class.getResourceAsStream("/redis/clients/jedis/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the Jedis version: {}", e.toString());
        }
        String v = Jedis.class.getPackage() == null
                ? null
                : Jedis.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }

    private static boolean hasClass(String name) {
        return loadClass(name) != null;
    }

    private static @Nullable Class<?> loadClass(String name) {
        try {
            return Class.forName(name, false, Jedis.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static @Nullable MethodHandle clusterArgumentsConstructor() {
        if (CLUSTER_ARGUMENTS == null) {
            return null;
        }
        try {
            return MethodHandles.publicLookup()
                    .findConstructor(CLUSTER_ARGUMENTS, MethodType.methodType(void.class, ProtocolCommand.class))
                    .asType(MethodType.methodType(CommandArguments.class, ProtocolCommand.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "Jedis " + VERSION + " has ClusterCommandArguments without its public constructor", e);
        }
    }

    private static Field clientProvider() {
        try {
            Field f = UnifiedJedis.class.getDeclaredField("provider");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Jedis " + VERSION + " has a UnifiedJedis without its provider field", e);
        }
    }

    private static @Nullable Method clusterRoute() {
        if (CLUSTER_ARGUMENTS == null) {
            return null;
        }
        try {
            Method m = CLUSTER_ARGUMENTS.getDeclaredMethod("processKey", byte[].class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "Jedis " + VERSION + " has ClusterCommandArguments without processKey(byte[])", e);
        }
    }
}
