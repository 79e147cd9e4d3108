package dev.redkit.lock.internal;

/**
 * The keys of one lock name.
 *
 * @param name the name as given by the caller
 * @param tag the encoded name, the hash tag of its keys and the release message payload
 * @param ownerKey the lock key
 * @param fenceKey the fencing counter key
 * @param waitersKey the marker that exists while a caller waits for the lock
 */
record LockTarget(String name, String tag, String ownerKey, String fenceKey, String waitersKey) {}
