-- Stores a loaded entry unless the load was overtaken, and frees the caller's lease.
-- KEYS[1]  the entry key
-- KEYS[2]  the lease key of the same cache key (same hash slot)
-- ARGV[1]  the caller's owner token
-- ARGV[2]  the entry bytes (header and payload)
-- ARGV[3]  the physical time to live in milliseconds (logical TTL plus stale grace)
-- Commands: GET, then SET and DEL when stored under the caller's lease.
-- Returns 1 when stored: the caller holds the lease (which is deleted) or no lease exists (the caller's
-- lease expired, or it loaded without one); 0 when another owner holds the lease or invalidate.lua marked
-- it, so a value loaded before an invalidation is not stored. A re-sent call stores the same bytes again.
local holder = redis.call('GET', KEYS[2])
if holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('DEL', KEYS[2])
  return 1
end
if holder == false then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
