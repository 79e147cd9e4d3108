-- Deletes dead letters for good.
-- KEYS[1] dead zset
-- ARGV[1] job key prefix, ARGV[2] limit, ARGV[3] (optional) one member to purge
-- Returns the number of dead letters deleted.
local members
if ARGV[3] then
  if not redis.call('ZSCORE', KEYS[1], ARGV[3]) then
    return 0
  end
  members = {ARGV[3]}
else
  members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
end
for _, m in ipairs(members) do
  redis.call('ZREM', KEYS[1], m)
  redis.call('DEL', ARGV[1] .. m)
end
return #members
