-- Completes one delivery: removes the job if the caller still owns its lease.
-- KEYS[1] in-flight zset, KEYS[2] job hash
-- ARGV[1] member, ARGV[2] owner token
-- Returns 1 when the job was removed, 0 when the lease was lost (expired and recovered, or already acked).
if redis.call('HGET', KEYS[2], 't') ~= ARGV[2] then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
