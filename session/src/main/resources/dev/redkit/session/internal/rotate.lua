-- Moves a live session to a new token: the old token stops working at once (fixation defence). The
-- session keeps its data, creation time and absolute expiry; its idle expiry slides as in get.
-- KEYS[1]  the old session hash  <base>{<tag>}:s:<old id>
-- KEYS[2]  the new session hash  <base>{<tag>}:s:<new id>  (same tag: the same user)
-- ARGV[1]  now, epoch ms of the client clock
-- ARGV[2]  idle timeout, ms
-- ARGV[3]  prefix of the user index keys of this slot: <base>{<tag>}:u:
-- ARGV[4]  the old session id
-- ARGV[5]  the new session id
-- Returns nil when the old session is unknown or expired, else the new session's HGETALL array.
-- Idempotent: when the new session already exists (a re-sent rotate) it is returned unchanged.
-- Every key touched shares the hash tag of KEYS[1].
local now = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  return redis.call('HGETALL', KEYS[2])
end
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
  redis.call('ZREM', index, ARGV[4])
  if redis.call('ZCARD', index) == 0 then
    redis.call('DEL', index)
  end
  return nil
end
local expiry = string.format('%d', math.min(now + tonumber(ARGV[2]), tonumber(h[f['x']])))
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], 'l', ARGV[1], 'e', expiry)
redis.call('PEXPIRE', KEYS[2], tonumber(expiry) - now)
redis.call('ZREM', index, ARGV[4])
redis.call('ZADD', index, expiry, ARGV[5])
local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', index, math.max(1, tonumber(last[2]) - now))
h[f['l']] = ARGV[1]
h[f['e']] = expiry
return h
