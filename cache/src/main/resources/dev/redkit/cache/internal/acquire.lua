-- Reads one cache entry and, unless it is fresh, takes the key's load lease: the read of every get, so a
-- miss costs one round trip before the loader.
-- KEYS[1]  the entry key (the key's value under the current generation)
-- KEYS[2]  the lease key of the same cache key (same hash slot)
-- ARGV[1]  the caller's owner token (random, one per load attempt)
-- ARGV[2]  the lease time to live in milliseconds
-- ARGV[3]  the caller's clock in epoch milliseconds, compared with the logical expiry in the entry header
-- ARGV[4]  '1' to take the lease even when the entry is fresh (early refresh, undecodable entry), else '0'
-- Returns {status, entry, foreign}: status 2 = a fresh entry is stored (no lease taken); 1 = the lease is
-- now held by ARGV[1] (also when it already was: a re-sent call is idempotent; the '~invalidated' marker
-- left by invalidate.lua counts as free); 0 = another owner holds the lease. entry = the stored bytes or
-- nil. foreign = 1 when the entry key holds a value of another type (a list, a hash... written by another
-- client): it is treated as an undecodable entry, so the lease is taken as for a miss and store.lua's SET
-- replaces the value; else 0.
-- Commands: a fresh entry GET; a miss GET and SET ... NX GET (Redis 7.0+), plus one SET when the caller
-- already held the lease or it carried the '~invalidated' marker.
local entry = redis.pcall('GET', KEYS[1])
local foreign = 0
if type(entry) == 'table' then
  if not string.find(entry.err, 'WRONGTYPE', 1, true) then
    return redis.error_reply(entry.err)
  end
  entry = false
  foreign = 1
end
if entry and ARGV[4] ~= '1' then
  local expiry = string.match(entry, '^v1|[VN]|(%d+)|')
  if expiry and tonumber(expiry) > tonumber(ARGV[3]) then
    return {2, entry, 0}
  end
end
local holder = redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2], 'GET')
if holder == false then
  return {1, entry, foreign}
end
if holder == ARGV[1] or holder == '~invalidated' then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  return {1, entry, foreign}
end
return {0, entry, foreign}
