-- Issues a one-time code for one (purpose, destination), enforcing the resend cooldown of that pair and
-- the send cap of the destination (sliding window over all purposes), atomically.
--
-- KEYS[1]  code hash of (purpose, destination): d = HMAC digest (32 bytes), e = expiry (ms, client clock),
--          n = end of the resend cooldown (ms, client clock), i = issue id, f = failed attempts (absent = 0)
-- KEYS[2]  sends sorted set of the destination: member = issue id, score = issue time (ms, client clock)
-- ARGV[1]  now, ms since the epoch by the client's clock
-- ARGV[2]  HMAC digest of the new code
-- ARGV[3]  issue id, random per call: a re-run of the same call (client retry after a lost reply)
--          finds its own id and answers as the first run did, changing nothing
-- ARGV[4]  code TTL in ms
-- ARGV[5]  resend cooldown in ms (0 = none), at most the TTL
-- ARGV[6]  send cap: most codes per destination within the window
-- ARGV[7]  send window in ms
--
-- Returns {1, expiresAt} when issued (the code replaced any earlier one of the pair, its failures reset),
--         {2, retryAfterMs} when refused by the cooldown,
--         {3, retryAfterMs} when refused by the send cap (retryAfter also covers a later cooldown end).
-- Refusals change nothing.

local function int(x) return string.format('%.0f', x) end

local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[4])
local cooldown = tonumber(ARGV[5])
local maxSends = tonumber(ARGV[6])
local window = tonumber(ARGV[7])

local current = redis.call('HMGET', KEYS[1], 'i', 'e', 'n')
if current[1] == ARGV[3] then
  return {1, tonumber(current[2])}
end

local cooldownLeft = 0
if current[3] then
  cooldownLeft = math.max(0, tonumber(current[3]) - now)
end

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', int(now - window))
local sent = redis.call('ZCARD', KEYS[2])
if sent >= maxSends then
  local oldest = redis.call('ZRANGE', KEYS[2], sent - maxSends, sent - maxSends, 'WITHSCORES')
  local capLeft = math.max(1, tonumber(oldest[2]) + window - now)
  return {3, math.max(capLeft, cooldownLeft)}
end
if cooldownLeft > 0 then
  return {2, cooldownLeft}
end

redis.call('ZADD', KEYS[2], int(now), ARGV[3])
redis.call('PEXPIRE', KEYS[2], int(window))
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'e', int(now + ttl), 'n', int(now + cooldown), 'i', ARGV[3])
redis.call('PEXPIRE', KEYS[1], int(ttl))
return {1, now + ttl}
