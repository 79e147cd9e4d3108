-- Creates one session and enforces the per-user session limit, atomically.
-- KEYS[1]  the new session hash      <base>{<tag>}:s:<id>
-- KEYS[2]  the user's index (zset)   <base>{<tag>}:u:<encoded user id>; member = session id, score = expiry (ms)
-- ARGV[1]  now, epoch ms of the client clock
-- ARGV[2]  idle timeout, ms
-- ARGV[3]  absolute timeout, ms
-- ARGV[4]  maximum sessions per user (> 0)
-- ARGV[5]  policy at the limit: 'evict' (delete the sessions closest to expiry) or 'reject'
-- ARGV[6]  the new session id (keyed hash of the token)
-- ARGV[7]  prefix of every session key of this slot: <base>{<tag>}:s:
-- ARGV[8]  the encoded user id (stored in field u)
-- ARGV[9]  client IP, '' for none
-- ARGV[10] user agent, '' for none
-- ARGV[11..] attribute field/value pairs (fields 'a:<name>')
-- Returns {status, evicted}: status 1 = created, 2 = the session already existed (a re-sent create
-- with the same token: nothing is written again), 0 = rejected by the 'reject' policy.
-- Every key touched shares the hash tag of KEYS[1].
local now = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {2, 0}
end
local index, sbase = KEYS[2], ARGV[7]

local dead = redis.call('ZRANGEBYSCORE', index, '-inf', now)
for _, id in ipairs(dead) do
  redis.call('DEL', sbase .. id)
end
if #dead > 0 then
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
end
for _, id in ipairs(redis.call('ZRANGE', index, 0, -1)) do
  if redis.call('EXISTS', sbase .. id) == 0 then
    redis.call('ZREM', index, id)
  end
end

local function fixIndexTtl()
  local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
  if last[1] then
    redis.call('PEXPIRE', index, math.max(1, tonumber(last[2]) - now))
  else
    redis.call('DEL', index)
  end
end

local max = tonumber(ARGV[4])
local count = redis.call('ZCARD', index)
local evicted = 0
if count >= max then
  if ARGV[5] == 'reject' then
    fixIndexTtl()
    return {0, 0}
  end
  for _, id in ipairs(redis.call('ZRANGE', index, 0, count - max)) do
    redis.call('DEL', sbase .. id)
    redis.call('ZREM', index, id)
    evicted = evicted + 1
  end
end

local absolute = now + tonumber(ARGV[3])
local expiry = math.min(now + tonumber(ARGV[2]), absolute)
local fields = {'u', ARGV[8], 'c', ARGV[1], 'l', ARGV[1], 'e', string.format('%d', expiry), 'x', string.format('%d', absolute)}
if ARGV[9] ~= '' then
  fields[#fields + 1] = 'ip'
  fields[#fields + 1] = ARGV[9]
end
if ARGV[10] ~= '' then
  fields[#fields + 1] = 'ua'
  fields[#fields + 1] = ARGV[10]
end
for i = 11, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], expiry - now)
redis.call('ZADD', index, expiry, ARGV[6])
fixIndexTtl()
return {1, evicted}
