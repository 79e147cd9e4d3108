-- Returns a delivery the caller still owns to the ready set without counting the attempt
-- (graceful shutdown of a worker whose handler did not finish in time).
-- KEYS[1] in-flight zset, KEYS[2] ready zset, KEYS[3] sequence counter, KEYS[4] wake list, KEYS[5] job hash
-- ARGV[1] member, ARGV[2] owner token, ARGV[3] wake list cap
-- Returns 1 when released, 0 when the lease was lost.
local job = KEYS[5]
if redis.call('HGET', job, 't') ~= ARGV[2] then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', job, 't')
if tonumber(redis.call('HGET', job, 'a') or '0') > 0 then
  redis.call('HINCRBY', job, 'a', -1)
end
local pr = tonumber(redis.call('HGET', job, 'pr') or '0')
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[2], string.format('%.0f', (9 - pr) * 8796093022208 + seq), ARGV[1])
if redis.call('LLEN', KEYS[4]) < tonumber(ARGV[3]) then
  redis.call('LPUSH', KEYS[4], '1')
end
return 1
