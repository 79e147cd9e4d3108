-- Step 3 of the list bridge, run in the source list's slot: removes staged items that step 2 enqueued,
-- only while they are still at the head of the staging list (so a concurrent bridge never loses items).
-- KEYS[1] staging list
-- ARGV: the staged items that were enqueued, in order
-- Returns the number of items removed.
local n = 0
for _, v in ipairs(ARGV) do
  if redis.call('LINDEX', KEYS[1], 0) ~= v then
    break
  end
  redis.call('LPOP', KEYS[1])
  n = n + 1
end
return n
