-- Verifies a submitted code for one (purpose, destination) atomically: enforces the failure budget of the
-- pair, counts the attempt, burns the code on success, locks it after maxAttempts failures for the rest
-- of its TTL.
--
-- KEYS[1]  code hash of (purpose, destination), as written by issue.lua (d, e, n, i, f)
-- KEYS[2]  failure log of (purpose, destination): a list of the times (ms, client clock) of the most
--          recent failed verifications over all codes, newest first, at most maxFailures entries
-- ARGV[1]  now, ms since the epoch by the client's clock
-- ARGV[2]  HMAC digest of the submitted code (32 bytes), or an empty string for a malformed code
--          (which can never match but still counts as a failed attempt)
-- ARGV[3]  maxAttempts: failed attempts after which the code locks
-- ARGV[4]  maxFailures: failed verifications of the pair allowed within any failure window
-- ARGV[5]  failure window in ms
--
-- Returns {1, 0} VERIFIED (the hash is deleted: single use; this also ends the resend cooldown),
--         {2, attemptsLeft} INVALID (failure counted against the code and the budget; attemptsLeft is the
--                 smaller of the code's attempts left and the failures the budget still allows at this
--                 instant; 0 means the next attempt gets LOCKED or LOCKED_OUT),
--         {3, 0} EXPIRED (no live code; a code past its expiry by the client clock is deleted),
--         {4, 0} LOCKED (the code had maxAttempts failures; nothing changes),
--         {5, 0} LOCKED_OUT (maxFailures failures of the pair lie within the last window; the submission
--                 is not compared and nothing changes).
--
-- Budget: a failure at time t is counted only if the maxFailures-th most recent counted failure is at
-- least one window old (<= t - window); otherwise the pair is LOCKED_OUT. So any maxFailures + 1 counted
-- failures span at least one window: at most maxFailures in any window, whatever the codes and sends.
--
-- The digests are compared in constant time: every byte of the stored digest is XORed with the
-- submitted one and the differences OR-ed together, with no early exit, so the running time does not
-- depend on where the digests differ (only on the stored length, which is always 32).

local function int(x) return string.format('%.0f', x) end

local now = tonumber(ARGV[1])
local maxFailures = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local oldest = redis.call('LINDEX', KEYS[2], maxFailures - 1)
if oldest and tonumber(oldest) > now - window then
  return {5, 0}
end

local stored = redis.call('HMGET', KEYS[1], 'd', 'e', 'f')
if not stored[1] then
  return {3, 0}
end
if tonumber(stored[2]) <= now then
  redis.call('DEL', KEYS[1])
  return {3, 0}
end
local maxAttempts = tonumber(ARGV[3])
local failures = tonumber(stored[3] or '0')
if failures >= maxAttempts then
  return {4, 0}
end

local expected = stored[1]
local submitted = ARGV[2]
local diff = 0
if #expected ~= #submitted then
  diff = 1
end
for i = 1, #expected do
  diff = bit.bor(diff, bit.bxor(string.byte(expected, i), string.byte(submitted, i) or 0))
end

if diff == 0 then
  redis.call('DEL', KEYS[1])
  return {1, 0}
end
failures = redis.call('HINCRBY', KEYS[1], 'f', 1)
redis.call('LPUSH', KEYS[2], int(now))
redis.call('LTRIM', KEYS[2], 0, maxFailures - 1)
redis.call('PEXPIRE', KEYS[2], int(window))
-- failures still allowed now: free slots plus the run of window-old entries at the old end of the log
-- (read from that end, so usually one LINDEX; the newest entry is now and never window-old)
local logged = redis.call('LLEN', KEYS[2])
local budgetLeft = maxFailures - logged
for i = 1, logged - 1 do
  if tonumber(redis.call('LINDEX', KEYS[2], -i)) > now - window then
    break
  end
  budgetLeft = budgetLeft + 1
end
return {2, math.max(0, math.min(maxAttempts - failures, budgetLeft))}
