-- Read-only: lists the jobs of one state set of a queue, in set order, for the operations console.
-- KEYS[1] the state zset (ready, in-flight, delayed or dead; all keys of a queue share its name slot)
-- ARGV[1] job key prefix, ARGV[2] offset, ARGV[3] limit (at most 100), ARGV[4] most payload bytes returned
-- Returns per job: member, score, id, attempts, enqueuedAt, last error, payload (cut to ARGV[4] bytes),
-- payload length in bytes; a member whose job hash is gone is returned with empty fields.
local out = {}
local first = tonumber(ARGV[2])
local cut = tonumber(ARGV[4])
local members = redis.call('ZRANGE', KEYS[1], first, first + tonumber(ARGV[3]) - 1, 'WITHSCORES')
for i = 1, #members, 2 do
  local m = members[i]
  local f = redis.call('HMGET', ARGV[1] .. m, 'id', 'a', 'ea', 'e', 'p')
  local p = f[5] or ''
  table.insert(out, m)
  table.insert(out, members[i + 1])
  table.insert(out, f[1] or '')
  table.insert(out, f[2] or '0')
  table.insert(out, f[3] or '')
  table.insert(out, f[4] or '')
  table.insert(out, string.sub(p, 1, cut))
  table.insert(out, tostring(#p))
end
return out
