-- Deletes one session and its index entry.
-- KEYS[1]  the session hash  <base>{<tag>}:s:<id>
-- ARGV[1]  prefix of the user index keys of this slot: <base>{<tag>}:u:
-- ARGV[2]  the session id
-- ARGV[3]  the encoded user id the session must belong to, or '' for any
-- Returns 1 when a session was deleted, else 0.
-- Every key touched shares the hash tag of KEYS[1].
local user = redis.call('HGET', KEYS[1], 'u')
if not user or (ARGV[3] ~= '' and user ~= ARGV[3]) then
  return 0
end
redis.call('DEL', KEYS[1])
local index = ARGV[1] .. user
redis.call('ZREM', index, ARGV[2])
if redis.call('ZCARD', index) == 0 then
  redis.call('DEL', index)
end
return 1
