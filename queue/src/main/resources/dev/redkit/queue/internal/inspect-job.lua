-- Read-only: one job of a queue by id, with the state set that holds it, for the operations console.
-- KEYS[1] job hash, KEYS[2] ready zset, KEYS[3] in-flight zset, KEYS[4] delayed zset, KEYS[5] dead zset
-- ARGV[1] member (the encoded id), ARGV[2] most payload bytes returned
-- Returns {} when no state set holds the member; else {state index 1-4 (ready, in-flight, delayed, dead),
-- score, id, attempts, enqueuedAt, last error, payload (cut to ARGV[2] bytes), payload length in bytes}.
for i = 2, 5 do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[1])
  if score then
    local f = redis.call('HMGET', KEYS[1], 'id', 'a', 'ea', 'e', 'p')
    local p = f[5] or ''
    return {i - 1, score, f[1] or '', f[2] or '0', f[3] or '', f[4] or '', string.sub(p, 1, tonumber(ARGV[2])), tostring(#p)}
  end
end
return {}
