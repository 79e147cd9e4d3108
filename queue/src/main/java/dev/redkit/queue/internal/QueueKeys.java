package dev.redkit.queue.internal;

import dev.redkit.core.KeySpace;

/**
 * The keys of one queue, all in its hash slot: the ready, delayed, in-flight and dead-letter sorted sets, the
 * wake-up list, the sequence counter and the prefix of the job hashes ({@code <prefix>{<name>}:job:<member>}).
 * Built once per queue part from the queue's {@link KeySpace.Slot}; immutable.
 *
 * @param ready ready jobs by priority and sequence
 * @param delayed jobs waiting for their run time
 * @param inflight leased jobs by lease deadline
 * @param dead dead letters by the time they died
 * @param wake the wake-up list an idle worker blocks on
 * @param seq the sequence counter that orders jobs of equal priority
 * @param jobPrefix the job hash key of a member is this prefix followed by the member
 */
record QueueKeys(
        String ready, String delayed, String inflight, String dead, String wake, String seq, String jobPrefix) {

    static QueueKeys of(KeySpace.Slot slot) {
        return new QueueKeys(
                slot.key("ready"),
                slot.key("delayed"),
                slot.key("inflight"),
                slot.key("dead"),
                slot.key("wake"),
                slot.key("seq"),
                slot.key("job") + ':');
    }
}
