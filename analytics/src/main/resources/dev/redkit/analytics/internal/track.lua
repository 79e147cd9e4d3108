-- Applies a batch of analytics updates (bucket counters, unique-count HyperLogLogs or sets, decayed
-- trending scores) in one call, and sets each key's time to live in the same call.
-- KEYS: one key per operation, in the order of the operations; on Cluster all in one hash slot.
-- ARGV: the operations one after another, each a code, a time to live in milliseconds, then arguments:
--   'c' ttlMs amount                   INCRBY KEYS[i] amount
--   'h' ttlMs n member1 .. memberN     PFADD KEYS[i] member1 .. memberN (n <= 1000)
--   's' ttlMs n member1 .. memberN     SADD KEYS[i] member1 .. memberN (n <= 1000)
--   'z' ttlMs member logScore maxSize minLogScore
--        decayed add in the log2 domain: score := log2(2^old + 2^logScore), or logScore for a new
--        member; when the member is new, ZREMRANGEBYSCORE below minLogScore and keep only the
--        maxSize highest scores
--   'c', 'h' and 's' set PEXPIRE KEYS[i] ttlMs only when they created the key (their TTL stands for an
--   absolute end: bucket end plus retention, so setting it once is enough and saves a call per key);
--   'z' sets it on every call (a trending set lives until ttlMs after its last event)
-- Returns: an array with one integer per operation: the counter's new value ('c'); 1 if the
-- HyperLogLog or set changed, else 0 ('h', 's'); 1 if the member was new, else 0 ('z').
local LN2 = math.log(2)
local results = {}
local i = 1
local k = 1
local n = #ARGV
while i <= n do
  local op = ARGV[i]
  local key = KEYS[k]
  local ttl = ARGV[i + 1]
  if op == 'c' then
    local value = redis.call('INCRBY', key, ARGV[i + 2])
    if value == tonumber(ARGV[i + 2]) then
      redis.call('PEXPIRE', key, ttl)
    end
    results[k] = value
    i = i + 3
  elseif op == 'h' or op == 's' then
    local count = tonumber(ARGV[i + 2])
    local changed
    if op == 'h' then
      changed = redis.call('PFADD', key, unpack(ARGV, i + 3, i + 2 + count))
    else
      changed = redis.call('SADD', key, unpack(ARGV, i + 3, i + 2 + count))
      if changed > 0 then changed = 1 end
    end
    -- unchanged means the key existed already, and with its TTL
    if changed == 1 then
      redis.call('PEXPIRE', key, ttl)
    end
    results[k] = changed
    i = i + 3 + count
  elseif op == 'z' then
    local member = ARGV[i + 2]
    local s = tonumber(ARGV[i + 3])
    local old = redis.call('ZSCORE', key, member)
    if old then
      local a = tonumber(old)
      local m = math.max(a, s)
      s = m + math.log(math.pow(2, a - m) + math.pow(2, s - m)) / LN2
    end
    local added = redis.call('ZADD', key, s, member)
    -- the set only grows when a member is added, so only then forget faded members and trim
    if added == 1 then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. ARGV[i + 5])
      local max = tonumber(ARGV[i + 4])
      local size = redis.call('ZCARD', key)
      if size > max then
        redis.call('ZREMRANGEBYRANK', key, 0, size - max - 1)
      end
    end
    redis.call('PEXPIRE', key, ttl)
    results[k] = added
    i = i + 6
  else
    return redis.error_reply('ERR unknown analytics operation ' .. tostring(op))
  end
  k = k + 1
end
return results
