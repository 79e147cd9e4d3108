-- Fails one delivery: schedules a retry, or dead-letters the job once its attempts are used up.
-- KEYS[1] in-flight zset, KEYS[2] delayed zset, KEYS[3] dead zset, KEYS[4] ready zset,
-- KEYS[5] sequence counter, KEYS[6] wake list, KEYS[7] job hash
-- ARGV[1] member, ARGV[2] owner token, ARGV[3] now (ms), ARGV[4] retry at (ms), ARGV[5] error text,
-- ARGV[6] max attempts, ARGV[7] wake list cap, ARGV[8] 1 to dead-letter at once (poison message),
-- ARGV[9] job key prefix, ARGV[10] most dead letters kept, ARGV[11] longest a dead letter is kept (ms),
-- ARGV[12] most dead letters trimmed by this call
-- Returns {0, 0} when the lease was lost, {1, 0} when a retry was scheduled, {2, trimmed} when the job was
-- dead-lettered, trimmed being how many of the oldest dead letters (and their job hashes) were deleted to
-- enforce the retention (the same rule as in claim.lua): the oldest go first, as many as exceed the count
-- or are older than the age, at most ARGV[12] per call, so the set converges to the bound while one call's
-- work stays bounded.
local job = KEYS[7]
if redis.call('HGET', job, 't') ~= ARGV[2] then
  return {0, 0}
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', job, 't')
redis.call('HSET', job, 'e', ARGV[5])
local attempts = tonumber(redis.call('HGET', job, 'a') or '0')
if ARGV[8] == '1' or attempts >= tonumber(ARGV[6]) then
  redis.call('HSET', job, 'fa', ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
  local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[10])
  local aged = redis.call('ZCOUNT', KEYS[3], '-inf', string.format('%.0f', tonumber(ARGV[3]) - tonumber(ARGV[11])))
  local trim = math.min(math.max(over, aged), tonumber(ARGV[12]))
  if trim > 0 then
    for _, m in ipairs(redis.call('ZRANGE', KEYS[3], 0, trim - 1)) do
      redis.call('DEL', ARGV[9] .. m)
    end
    redis.call('ZREMRANGEBYRANK', KEYS[3], 0, trim - 1)
  end
  return {2, math.max(trim, 0)}
end
if tonumber(ARGV[4]) > tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
  if redis.call('ZRANGE', KEYS[2], 0, 0)[1] == ARGV[1] and redis.call('LLEN', KEYS[6]) < tonumber(ARGV[7]) then
    redis.call('LPUSH', KEYS[6], '1')
  end
else
  local pr = tonumber(redis.call('HGET', job, 'pr') or '0')
  local seq = redis.call('INCR', KEYS[5])
  redis.call('ZADD', KEYS[4], string.format('%.0f', (9 - pr) * 8796093022208 + seq), ARGV[1])
  if redis.call('LLEN', KEYS[6]) < tonumber(ARGV[7]) then
    redis.call('LPUSH', KEYS[6], '1')
  end
end
return {1, 0}
