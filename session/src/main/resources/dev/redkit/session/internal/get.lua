-- Validates a session; slides its idle expiry, never past its absolute expiry, once the touch interval has
-- passed since its last write. The store runs it only when its plain HGETALL of the session found it
-- expired by the client clock or due for a touch (a get within the touch interval is that HGETALL alone);
-- it reads the hash again, so a revocation, update or touch by another instance since then is seen. A
-- touching get runs HGETALL, HSET, PEXPIRE of the session, ZADD and PEXPIRE ... GT (Redis 7.0+) of the
-- user's index (and PEXPIRE ... NX first when the ZADD added the entry). The index is pruned by create and
-- list, not here.
-- KEYS[1]  the session hash  <base>{<tag>}:s:<id>
-- ARGV[1]  now, epoch ms of the client clock
-- ARGV[2]  idle timeout, ms
-- ARGV[3]  prefix of the user index keys of this slot: <base>{<tag>}:u:  (the index is ARGV[3] .. field u)
-- ARGV[4]  the session id (member of the index)
-- ARGV[5]  touch interval, ms: write last-seen (l) and expiry (e) when now - l >= this (0: every get)
-- Returns nil when the session is unknown or expired by the client clock (an expired one is deleted
-- at once, with its index entry), else the session's HGETALL array, with the new last-seen (l) and
-- expiry (e) values when this get touched it.
-- Every key touched shares the hash tag of KEYS[1].
local now = tonumber(ARGV[1])
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then
  return nil
end
local f = {}
for i = 1, #h, 2 do
  f[h[i]] = i + 1
end
local index = ARGV[3] .. h[f['u']]
if tonumber(h[f['e']]) <= now then
  -- ZREM deletes the index when it empties
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', index, ARGV[4])
  return nil
end
if now - tonumber(h[f['l']]) < tonumber(ARGV[5]) then
  return h
end
local expiry = string.format('%d', math.min(now + tonumber(ARGV[2]), tonumber(h[f['x']])))
local ttl = tonumber(expiry) - now
redis.call('HSET', KEYS[1], 'l', ARGV[1], 'e', expiry)
redis.call('PEXPIRE', KEYS[1], ttl)
if redis.call('ZADD', index, expiry, ARGV[4]) == 1 then
  -- the entry was missing (the index may have expired first, by another instance's skewed clock): an
  -- index this ZADD created has no TTL yet, which GT alone would never set
  redis.call('PEXPIRE', index, ttl, 'NX')
end
-- the index lives as long as its longest-lived member: extend it, never shorten it
redis.call('PEXPIRE', index, ttl, 'GT')

h[f['l']] = ARGV[1]
h[f['e']] = expiry
return h
