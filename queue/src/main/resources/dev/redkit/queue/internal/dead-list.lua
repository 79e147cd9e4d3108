-- Lists dead letters, oldest first, with their stored fields.
-- KEYS[1] dead zset
-- ARGV[1] job key prefix, ARGV[2] offset, ARGV[3] limit
-- Returns per dead letter: id, payload, attempts, last error, enqueuedAt, failedAt
-- (a member whose job hash is gone is skipped).
local out = {}
local first = tonumber(ARGV[2])
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], first, first + tonumber(ARGV[3]) - 1)) do
  local f = redis.call('HMGET', ARGV[1] .. m, 'id', 'p', 'a', 'e', 'ea', 'fa')
  if f[1] then
    for j = 1, 6 do
      table.insert(out, f[j] or '')
    end
  end
end
return out
