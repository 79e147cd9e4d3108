-- Issues a one-time code for one (purpose, destination), enforcing the resend cooldown of that pair and
-- the send cap of the destination (sliding window over all purposes), atomically.
--
-- KEYS[1]  code hash of (purpose, destination): d = HMAC digest (32 bytes), e = expiry (ms, client clock),
--          n = end of the resend cooldown (ms, client clock), i = issue id, f = failed attempts (absent = 0)
-- KEYS[2]  send log of the destination: a list of the issue times (ms, client clock) of its most recent
--          codes over all purposes, newest first, at most ARGV[6] entries
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
--
-- Send cap: a code is issued only if the ARGV[6]-th most recent send is at least one window old
-- (<= now - window), so any ARGV[6] + 1 sends span at least one window: at most ARGV[6] in any window.
-- The log is read through the reply of the LPUSH that records the send (its new length): only a log that
-- held ARGV[6] sends already needs its ARGV[6]-th entry read, and a refusal takes the push back with LPOP
-- (the log's TTL is not touched), so a refused call still changes nothing.
-- Commands: HMGET and LPUSH, then PEXPIRE of the log, HSET of the code (every field, f = 0 resetting the
-- failures) and its PEXPIRE; a full log adds LINDEX, then LTRIM (issued) or LPOP (refused by the cap). A
-- call inside the cooldown runs HMGET and LINDEX only (the cap decides which refusal it is).

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

if cooldownLeft > 0 then
  local oldest = redis.call('LINDEX', KEYS[2], maxSends - 1)
  if oldest and tonumber(oldest) > now - window then
    return {3, math.max(1, tonumber(oldest) + window - now, cooldownLeft)}
  end
  return {2, cooldownLeft}
end

if redis.call('LPUSH', KEYS[2], int(now)) > maxSends then
  -- the ARGV[6]-th most recent send before this one
  local oldest = tonumber(redis.call('LINDEX', KEYS[2], maxSends))
  if oldest > now - window then
    redis.call('LPOP', KEYS[2])
    return {3, math.max(1, oldest + window - now)}
  end
  redis.call('LTRIM', KEYS[2], 0, maxSends - 1)
end
redis.call('PEXPIRE', KEYS[2], int(window))
redis.call('HSET', KEYS[1], 'd', ARGV[2], 'e', int(now + ttl), 'n', int(now + cooldown), 'i', ARGV[3], 'f', '0')
redis.call('PEXPIRE', KEYS[1], int(ttl))
return {1, now + ttl}
