package dev.redkit.embedded;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Kills every redis-server this JVM started when the JVM exits, even after a failed test. */
final class ProcessRegistry {

    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (ProcessHandle p : LIVE) {
                                p.destroyForcibly();
                            }
                        },
                        "redkit-embedded-redis-reaper"));
    }

    private ProcessRegistry() {}

    static void register(ProcessHandle process) {
        LIVE.add(process);
    }

    static void unregister(ProcessHandle process) {
        LIVE.remove(process);
    }
}
