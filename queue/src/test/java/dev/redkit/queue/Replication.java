package dev.redkit.queue;

import dev.redkit.embedded.EmbeddedRedis;
import dev.redkit.embedded.junit.Faults;
import java.time.Duration;
import redis.clients.jedis.Jedis;

/**
 * What a server reports about its replicas and the commands it ran, for the strict-mode tests: how many
 * times a command was called ({@code INFO commandstats}, commands run inside scripts included), and a wait
 * until a master has its replicas online. Reads go over a fresh connection, so they change neither count.
 */
final class Replication {

    private Replication() {
    }

    /**
     * How many times the server has run a command since it started.
     *
     * @param server the server
     * @param command the command in lower case, for example {@code wait} or {@code evalsha}
     * @return the {@code calls} figure of {@code cmdstat_<command>}, 0 when it never ran
     */
    static long calls(EmbeddedRedis server, String command) {
        try (Jedis jedis = server.client(2000)) {
            String prefix = "cmdstat_" + command + ":calls=";
            for (String line : jedis.info("commandstats").split("\r?\n")) {
                if (line.startsWith(prefix)) {
                    return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
                }
            }
            return 0;
        }
    }

    /**
     * Waits until the server is a master with at least {@code count} replicas in state {@code online}.
     *
     * @param master the server
     * @param count how many replicas
     * @param timeout the longest wait
     * @throws AssertionError if they are not online in time
     */
    static void awaitOnlineReplicas(EmbeddedRedis master, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try (Jedis jedis = master.client(2000)) {
                String info = jedis.info("replication");
                long online = info.lines().filter(l -> l.startsWith("slave") && l.contains("state=online")).count();
                if (info.contains("role:master") && online >= count) {
                    return;
                }
            }
            Faults.pause(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(master + " has no " + count + " online replica(s) after " + timeout);
    }
}
