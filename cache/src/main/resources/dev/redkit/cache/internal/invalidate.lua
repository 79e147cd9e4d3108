-- Deletes one cache entry, stops a load in flight from storing its result, and tells the near caches.
-- KEYS[1]  the entry key (under the current generation)
-- KEYS[2]  the lease key of the same cache key (same hash slot)
-- ARGV[1]  the lease time to live in milliseconds
-- ARGV[2]  the invalidation channel of the cache
-- ARGV[3]  the invalidation message ('k:' followed by the cache key)
-- Returns the number of entries deleted (0 or 1). A held lease is replaced by the marker '~invalidated'
-- (SET ... XX: only where a lease exists), which store.lua refuses and acquire.lua treats as free; the
-- message is published in the same call (on Cluster PUBLISH reaches every node from any node).
-- Idempotent. Commands: DEL, SET XX, PUBLISH.
local deleted = redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '~invalidated', 'PX', ARGV[1], 'XX')
redis.call('PUBLISH', ARGV[2], ARGV[3])
return deleted
