-- Validates a session and slides its idle expiry, never past its absolute expiry; updates and prunes
-- the user's index.
-- KEYS[1]  the session hash  <base>{<tag>}:s:<id>
-- ARGV[1]  now, epoch ms of the client clock
-- ARGV[2]  idle timeout, ms
-- ARGV[3]  prefix of the user index keys of this slot: <base>{<tag>}:u:  (the index is ARGV[3] .. field u)
-- ARGV[4]  prefix of the session keys of this slot: <base>{<tag>}:s:
-- ARGV[5]  the session id (member of the index)
-- Returns nil when the session is unknown or expired by the client clock (an expired one is deleted
-- at once), else the session's HGETALL array with the new last-seen (l) and expiry (e) values.
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
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', index, ARGV[5])
  if redis.call('ZCARD', index) == 0 then
    redis.call('DEL', index)
  end
  return nil
end
local expiry = string.format('%d', math.min(now + tonumber(ARGV[2]), tonumber(h[f['x']])))
redis.call('HSET', KEYS[1], 'l', ARGV[1], 'e', expiry)
redis.call('PEXPIRE', KEYS[1], tonumber(expiry) - now)
redis.call('ZADD', index, expiry, ARGV[5])

local dead = redis.call('ZRANGEBYSCORE', index, '-inf', now)
for _, id in ipairs(dead) do
  redis.call('DEL', ARGV[4] .. id)
end
if #dead > 0 then
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
end
local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', index, math.max(1, tonumber(last[2]) - now))

h[f['l']] = ARGV[1]
h[f['e']] = expiry
return h
