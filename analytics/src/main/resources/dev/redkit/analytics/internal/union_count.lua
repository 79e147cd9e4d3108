-- Counts the distinct members of several HyperLogLogs or sets (for example the last 7 days of unique
-- visitors), caching the count briefly so that a busy dashboard does not merge them on every read.
-- KEYS[1]: the cache key (a string holding the count); KEYS[2..]: the HyperLogLogs or sets to merge
-- ARGV[1]: 'h' for HyperLogLogs (PFCOUNT over all of them), 's' for sets (size of their SUNION)
-- ARGV[2]: how long to cache the count, in milliseconds; 0 neither reads nor writes the cache
-- Returns: the count, from the cache when present
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  local cached = redis.call('GET', KEYS[1])
  if cached then
    return tonumber(cached)
  end
end
local sources = {}
for j = 2, #KEYS do
  sources[#sources + 1] = KEYS[j]
end
local count
if ARGV[1] == 'h' then
  count = redis.call('PFCOUNT', unpack(sources))
elseif #sources == 1 then
  count = redis.call('SCARD', sources[1])
else
  count = #redis.call('SUNION', unpack(sources))
end
if ttl > 0 then
  redis.call('SET', KEYS[1], count, 'PX', ttl)
end
return count
