/**
 * Implementation of the queue: the scripts, the worker and the list bridge. Not exported; may change
 * without notice.
 */
@NullMarked
package dev.redkit.queue.internal;

import org.jspecify.annotations.NullMarked;
