/**
 * Implementation of the queue: the scripts, the worker and the list bridge. Not exported; may change
 * without notice.
 */
package dev.redkit.queue.internal;
