-- Moves dead letters back to the ready set with their attempt count reset.
-- KEYS[1] dead zset, KEYS[2] ready zset, KEYS[3] sequence counter, KEYS[4] wake list
-- ARGV[1] job key prefix, ARGV[2] limit, ARGV[3] wake list cap, ARGV[4] (optional) one member to replay
-- Returns the number of jobs replayed.
local members
if ARGV[4] then
  if not redis.call('ZSCORE', KEYS[1], ARGV[4]) then
    return 0
  end
  members = {ARGV[4]}
else
  members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
end
local n = 0
for _, m in ipairs(members) do
  redis.call('ZREM', KEYS[1], m)
  local job = ARGV[1] .. m
  if redis.call('EXISTS', job) == 1 then
    redis.call('HSET', job, 'a', 0)
    redis.call('HDEL', job, 'e', 'fa', 't')
    local pr = tonumber(redis.call('HGET', job, 'pr') or '0')
    local seq = redis.call('INCR', KEYS[3])
    redis.call('ZADD', KEYS[2], string.format('%.0f', (9 - pr) * 8796093022208 + seq), m)
    n = n + 1
  end
end
if n > 0 and redis.call('LLEN', KEYS[4]) < tonumber(ARGV[3]) then
  redis.call('LPUSH', KEYS[4], '1')
end
return n
