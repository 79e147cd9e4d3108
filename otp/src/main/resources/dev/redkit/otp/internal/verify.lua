-- Verifies a submitted code for one (purpose, destination) atomically: counts the attempt, burns the
-- code on success, locks it after maxAttempts failures for the rest of its TTL.
--
-- KEYS[1]  code hash of (purpose, destination), as written by issue.lua (d, e, n, i, f)
-- ARGV[1]  now, ms since the epoch by the client's clock
-- ARGV[2]  HMAC digest of the submitted code (32 bytes), or an empty string for a malformed code
--          (which can never match but still counts as a failed attempt)
-- ARGV[3]  maxAttempts: failed attempts after which the code locks
--
-- Returns {1, 0} VERIFIED (the hash is deleted: single use; this also ends the resend cooldown),
--         {2, attemptsLeft} INVALID (failure counted; 0 left means the next attempt gets LOCKED),
--         {3, 0} EXPIRED (no live code; a code past its expiry by the client clock is deleted),
--         {4, 0} LOCKED (nothing changes).
--
-- The digests are compared in constant time: every byte of the stored digest is XORed with the
-- submitted one and the differences OR-ed together, with no early exit, so the running time does not
-- depend on where the digests differ (only on the stored length, which is always 32).

local stored = redis.call('HMGET', KEYS[1], 'd', 'e', 'f')
if not stored[1] then
  return {3, 0}
end
local now = tonumber(ARGV[1])
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
return {2, math.max(0, maxAttempts - failures)}
