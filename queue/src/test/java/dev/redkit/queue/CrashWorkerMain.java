package dev.redkit.queue;

import dev.redkit.core.RedisCommand;
import dev.redkit.core.RedisConfig;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisEndpoint;
import java.util.Arrays;
import java.util.List;

/**
 * A worker process for {@link ProcessCrashIT}: connects to the test's Redis, runs a worker on the crash
 * queue whose handler counts each run of a job in a hash and sleeps a little, and runs until it is killed.
 * Arguments: topology ({@code STANDALONE} or {@code CLUSTER}), comma-separated {@code host:port} endpoints,
 * key prefix, concurrency.
 */
public final class CrashWorkerMain {

    private CrashWorkerMain() {}

    /**
     * Runs the worker until the process is killed.
     *
     * @param args topology, endpoints, key prefix, concurrency
     * @throws InterruptedException never in practice: the process is killed while it sleeps
     */
    public static void main(String[] args) throws InterruptedException {
        List<RedisEndpoint> endpoints = Arrays.stream(args[1].split(","))
                .map(e -> RedisEndpoint.parse(e, 6379))
                .toList();
        RedisConfig.Builder config = RedisConfig.builder().keyPrefix(args[2]);
        if (args[0].equals("CLUSTER")) {
            config.cluster(endpoints);
        } else {
            config.standalone(endpoints.get(0).host(), endpoints.get(0).port());
        }
        RedisConnector connector = RedisConnector.create(config.build());
        ReliableQueue<EmailJob> queue = ProcessCrashIT.queue(connector);
        String runs = ProcessCrashIT.runsKey(args[2]);
        queue.worker((job, ctx) -> {
                    connector
                            .ops()
                            .execute(RedisCommand.builder("HINCRBY")
                                    .key(runs)
                                    .arg(ctx.id())
                                    .arg(1)
                                    .build());
                    Thread.sleep(ProcessCrashIT.HANDLER_MILLIS);
                })
                .concurrency(Integer.parseInt(args[3]))
                .start();
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
