package dev.redkit.queue.internal;

import java.util.List;

/**
 * The reply of one claim script call.
 *
 * @param moved jobs moved by housekeeping (promoted, recovered or dead-lettered)
 * @param nextDue the earliest delayed run time or lease deadline (ms), or -1 when there is none
 * @param jobs the claimed jobs
 */
record ClaimBatch(int moved, long nextDue, List<Claimed> jobs) {}
