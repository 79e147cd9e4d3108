-- Admits dimension values of one metric for one local day under a cap on distinct values, atomically,
-- so that concurrent instances never admit more than the cap.
-- KEYS[1]: the set of the metric's admitted dimension values for the day (its registry)
-- ARGV[1]: time to live of the set in milliseconds, set by the call that creates it
-- ARGV[2]: the cap, 1 or more
-- ARGV[3..]: the dimension values to admit
-- Returns: an array with one integer per value: 1 if admitted (already in the set, or added while the
-- set held fewer than the cap), 0 if the set is full (the caller counts the event under the overflow
-- dimension)
local key = KEYS[1]
local cap = tonumber(ARGV[2])
local size = redis.call('SCARD', key)
local created = size == 0
local out = {}
for i = 3, #ARGV do
  if redis.call('SISMEMBER', key, ARGV[i]) == 1 then
    out[#out + 1] = 1
  elseif size < cap then
    redis.call('SADD', key, ARGV[i])
    size = size + 1
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
if created and size > 0 then
  redis.call('PEXPIRE', key, ARGV[1])
end
return out
