/**
 * Distributed locks on Redis: {@link dev.redkit.lock.RedisLock} hands out {@link dev.redkit.lock.Lease}s
 * with owner tokens (release and extend never touch another owner's lock), fencing tokens (strictly
 * increasing per lock name), optional watchdog renewal and lost-lease callbacks. Start with
 * {@link dev.redkit.lock.RedisLock}, whose documentation states the safety model.
 */
@NullMarked
package dev.redkit.lock;

import org.jspecify.annotations.NullMarked;
