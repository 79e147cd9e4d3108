package dev.redkit.queue.internal;

import dev.redkit.core.KeySpace;
import dev.redkit.core.LuaScript;
import dev.redkit.core.RedisConnector;
import dev.redkit.core.RedisOps;
import dev.redkit.core.spi.Checks;
import dev.redkit.core.spi.Replies;
import dev.redkit.queue.JobState;
import dev.redkit.queue.JobView;
import dev.redkit.queue.QueueInspector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@link QueueInspector} implementation: two read-only scripts on the queue's name slot. */
public final class QueueInspectorImpl implements QueueInspector {

    static final LuaScript LIST = LuaScript.fromResource(QueueInspectorImpl.class, "inspect-list.lua");
    static final LuaScript JOB = LuaScript.fromResource(QueueInspectorImpl.class, "inspect-job.lua");
    /** The inspector's scripts, for the loading test. */
    public static final List<LuaScript> SCRIPTS = List.of(LIST, JOB);

    private static final JobState[] BY_INDEX = {JobState.WAITING, JobState.IN_FLIGHT, JobState.DELAYED, JobState.DEAD};

    private final String name;
    private final RedisOps ops;
    private final KeySpace.Slot slot;
    private final String jobPrefix;

    /**
     * Creates the inspector.
     *
     * @param connector the connector
     * @param queueName the queue's name
     */
    public QueueInspectorImpl(RedisConnector connector, String queueName) {
        Checks.notNull(connector, "connector");
        this.name = KeySpace.identifier(queueName, "queueName");
        this.ops = connector.ops();
        this.slot = connector.keySpace("queue", queueName).nameSlot();
        this.jobPrefix = slot.key("job") + ':';
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<JobView> jobs(JobState state, int offset, int limit) {
        Checks.notNull(state, "state");
        Checks.between(offset, 0, Integer.MAX_VALUE, "offset");
        Checks.between(limit, 1, MAX_PAGE, "limit");
        List<Object> reply = Replies.asList(ops.execute(LIST.call(
                List.of(setKey(state)),
                List.of(
                        jobPrefix,
                        Integer.toString(offset),
                        Integer.toString(limit),
                        Integer.toString(MAX_PAYLOAD_BYTES)))));
        List<JobView> out = new ArrayList<>(reply.size() / 8);
        for (int i = 0; i + 7 < reply.size(); i += 8) {
            String member = Replies.asText(reply.get(i));
            out.add(view(state, member, reply.subList(i + 1, i + 8)));
        }
        return out;
    }

    @Override
    public Optional<JobView> job(String id) {
        String member = KeySpace.encode(id, "id");
        List<Object> r = Replies.asList(ops.execute(JOB.call(
                List.of(
                        slot.key("job", id),
                        slot.key("ready"),
                        slot.key("inflight"),
                        slot.key("delayed"),
                        slot.key("dead")),
                List.of(member, Integer.toString(MAX_PAYLOAD_BYTES)))));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(view(BY_INDEX[(int) Replies.asLong(r.get(0)) - 1], member, r.subList(1, 8)));
    }

    /** Fields: score, id, attempts, enqueuedAt, last error, payload, payload length. */
    private static JobView view(JobState state, String member, List<Object> f) {
        String id = Replies.asText(f.get(1));
        long score = (long) Double.parseDouble(Replies.asText(f.get(0)));
        String enqueued = Replies.asText(f.get(3));
        Optional<Instant> due = state == JobState.WAITING ? Optional.empty() : Optional.of(Instant.ofEpochMilli(score));
        return new JobView(
                id.isEmpty() ? KeySpace.decode(member) : id,
                state,
                (int) Replies.asLong(f.get(2)),
                enqueued.isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(enqueued)),
                due,
                Replies.asText(f.get(4)),
                Replies.asText(f.get(5)),
                (int) Replies.asLong(f.get(6)));
    }

    private String setKey(JobState state) {
        switch (state) {
            case WAITING:
                return slot.key("ready");
            case IN_FLIGHT:
                return slot.key("inflight");
            case DELAYED:
                return slot.key("delayed");
            default:
                return slot.key("dead");
        }
    }

    @Override
    public String toString() {
        return "QueueInspector{" + name + '}';
    }
}
