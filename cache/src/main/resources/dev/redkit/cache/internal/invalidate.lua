-- Deletes one cache entry and stops a load in flight from storing its result.
-- KEYS[1]  the entry key (under the current generation)
-- KEYS[2]  the lease key of the same cache key (same hash slot)
-- ARGV[1]  the lease time to live in milliseconds
-- Returns the number of entries deleted (0 or 1). A held lease is replaced by the marker '~invalidated',
-- which store.lua refuses and acquire.lua treats as free. Idempotent.
local deleted = redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('SET', KEYS[2], '~invalidated', 'PX', ARGV[1])
end
return deleted
