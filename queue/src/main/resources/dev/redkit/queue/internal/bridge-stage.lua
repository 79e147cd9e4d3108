-- Step 1 of the list bridge, run in the source list's slot: unless items are already staged (left by
-- a bridge that stopped midway), moves up to ARGV[1] items from the source list to the staging list,
-- each prefixed with a unique sequence number and ':' so that step 2 can enqueue it under a stable id.
-- KEYS[1] source list, KEYS[2] staging list, KEYS[3] staging sequence counter
-- ARGV[1] batch size
-- Returns the staged items (possibly ones staged earlier), an empty array when there is nothing to move.
local staged = redis.call('LRANGE', KEYS[2], 0, -1)
if #staged > 0 then
  return staged
end
local items = redis.call('LPOP', KEYS[1], ARGV[1])
if not items then
  return {}
end
local last = redis.call('INCRBY', KEYS[3], #items)
local first = last - #items
for i, v in ipairs(items) do
  redis.call('RPUSH', KEYS[2], string.format('%.0f', first + i) .. ':' .. v)
end
return redis.call('LRANGE', KEYS[2], 0, -1)
