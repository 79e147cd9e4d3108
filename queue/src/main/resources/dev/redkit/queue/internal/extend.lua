-- Extends the leases of several deliveries the caller still owns.
-- KEYS[1] in-flight zset
-- ARGV[1] job key prefix, ARGV[2] new lease deadline (ms), then pairs: member, owner token
-- Returns one integer per pair: 1 extended, 0 lease lost.
local out = {}
for i = 3, #ARGV, 2 do
  local m = ARGV[i]
  if redis.call('HGET', ARGV[1] .. m, 't') == ARGV[i + 1] then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[2], m)
    table.insert(out, 1)
  else
    table.insert(out, 0)
  end
end
return out
