-- Lists the live sessions of one user, pruning expired and vanished entries from the index.
-- KEYS[1]  the user's index (zset)  <base>{<tag>}:u:<encoded user id>
-- ARGV[1]  now, epoch ms of the client clock
-- ARGV[2]  prefix of the session keys of this slot: <base>{<tag>}:s:
-- Returns an array of {id, created, last seen, expiry, absolute expiry, ip or nil, user agent or nil},
-- ordered by expiry, soonest first.
-- Every key touched shares the hash tag of KEYS[1].
local now = tonumber(ARGV[1])
local index, sbase = KEYS[1], ARGV[2]
local dead = redis.call('ZRANGEBYSCORE', index, '-inf', now)
for _, id in ipairs(dead) do
  redis.call('DEL', sbase .. id)
end
if #dead > 0 then
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
end
local out = {}
for _, id in ipairs(redis.call('ZRANGE', index, 0, -1)) do
  local v = redis.call('HMGET', sbase .. id, 'c', 'l', 'e', 'x', 'ip', 'ua')
  if v[1] then
    out[#out + 1] = {id, v[1], v[2], v[3], v[4], v[5], v[6]}
  else
    redis.call('ZREM', index, id)
  end
end
local last = redis.call('ZRANGE', index, -1, -1, 'WITHSCORES')
if last[1] then
  redis.call('PEXPIRE', index, math.max(1, tonumber(last[2]) - now))
else
  redis.call('DEL', index)
end
return out
