-- Housekeeping plus claim, in one atomic step: promotes due delayed jobs to ready, returns lapsed
-- leases to ready (or to the dead-letter set once attempts are used up), then moves up to
-- ARGV[2] ready jobs into the in-flight set with a lease deadline and a fresh owner token.
-- KEYS[1] ready zset, KEYS[2] delayed zset, KEYS[3] in-flight zset, KEYS[4] dead zset,
-- KEYS[5] wake list, KEYS[6] sequence counter
-- ARGV[1] now (client ms), ARGV[2] how many to claim (0 = housekeeping only), ARGV[3] lease deadline (ms),
-- ARGV[4] token base, ARGV[5] job key prefix, ARGV[6] max attempts, ARGV[7] housekeeping batch size,
-- ARGV[8] most dead letters kept, ARGV[9] longest a dead letter is kept (ms)
-- Returns {promoted, recovered, deadLettered, nextDueMs or -1, trimmed,
--          then per claimed job: member, token, attempts, payload, enqueuedAt, id}
-- Dead-letter retention (the same rule as in nack.lua), after the recovery that may add dead letters: the
-- oldest dead letters and their job hashes are deleted, as many as exceed ARGV[8] or are older than ARGV[9],
-- at most ARGV[7] per call; trimmed counts them. Running in every claim, it also ages letters out while
-- none are added.
local now = tonumber(ARGV[1])
local prefix = ARGV[5]
local maxAttempts = tonumber(ARGV[6])
local batch = tonumber(ARGV[7])

local function toReady(member, job)
  local pr = tonumber(redis.call('HGET', job, 'pr') or '0')
  local seq = redis.call('INCR', KEYS[6])
  redis.call('ZADD', KEYS[1], string.format('%.0f', (9 - pr) * 8796093022208 + seq), member)
end

local promoted = 0
for _, m in ipairs(redis.call('ZRANGE', KEYS[2], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, batch)) do
  redis.call('ZREM', KEYS[2], m)
  local job = prefix .. m
  if redis.call('EXISTS', job) == 1 then
    toReady(m, job)
    promoted = promoted + 1
  end
end

local recovered, dead = 0, 0
for _, m in ipairs(redis.call('ZRANGE', KEYS[3], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, batch)) do
  redis.call('ZREM', KEYS[3], m)
  local job = prefix .. m
  if redis.call('EXISTS', job) == 1 then
    redis.call('HDEL', job, 't')
    local attempts = tonumber(redis.call('HGET', job, 'a') or '0')
    if attempts >= maxAttempts then
      redis.call('HSET', job, 'e', 'lease expired (worker crashed or stalled)', 'fa', ARGV[1])
      redis.call('ZADD', KEYS[4], ARGV[1], m)
      dead = dead + 1
    else
      toReady(m, job)
      recovered = recovered + 1
    end
  end
end

local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[8])
local aged = redis.call('ZCOUNT', KEYS[4], '-inf', string.format('%.0f', now - tonumber(ARGV[9])))
local trim = math.min(math.max(over, aged), batch)
if trim > 0 then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[4], 0, trim - 1)) do
    redis.call('DEL', prefix .. m)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, trim - 1)
else
  trim = 0
end

local out = {promoted, recovered, dead, -1, trim}
local want = tonumber(ARGV[2])
local i = 0
while i < want do
  local popped = redis.call('ZPOPMIN', KEYS[1])
  if #popped == 0 then
    break
  end
  local m = popped[1]
  local job = prefix .. m
  if redis.call('EXISTS', job) == 1 then
    i = i + 1
    local attempts = redis.call('HINCRBY', job, 'a', 1)
    local token = ARGV[4] .. '.' .. i
    redis.call('HSET', job, 't', token)
    redis.call('ZADD', KEYS[3], ARGV[3], m)
    local f = redis.call('HMGET', job, 'p', 'ea', 'id')
    table.insert(out, m)
    table.insert(out, token)
    table.insert(out, attempts)
    table.insert(out, f[1])
    table.insert(out, f[2])
    table.insert(out, f[3])
  end
end

if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[5])
end

local next = -1
local d = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if #d > 0 then
  next = tonumber(d[2])
end
local f = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if #f > 0 and (next < 0 or tonumber(f[2]) < next) then
  next = tonumber(f[2])
end
out[4] = string.format('%.0f', next)
return out
