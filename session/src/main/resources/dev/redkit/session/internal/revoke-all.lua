-- Deletes every session of one user, optionally keeping one, atomically with respect to creates,
-- rotations and revocations of the same user (they run in the same slot).
-- KEYS[1]  the user's index (zset)  <base>{<tag>}:u:<encoded user id>
-- ARGV[1]  prefix of the session keys of this slot: <base>{<tag>}:s:
-- ARGV[2]  the session id to keep, or '' to delete all
-- Returns the number of session hashes deleted.
-- Every key touched shares the hash tag of KEYS[1].
local deleted = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if id ~= ARGV[2] then
    deleted = deleted + redis.call('DEL', ARGV[1] .. id)
    redis.call('ZREM', KEYS[1], id)
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
end
return deleted
