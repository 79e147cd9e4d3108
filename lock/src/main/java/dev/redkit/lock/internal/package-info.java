/**
 * Implementation of {@code dev.redkit.lock}: the lock instance, leases, the shared release subscription
 * and the Lua scripts. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.lock.internal;

import org.jspecify.annotations.NullMarked;
