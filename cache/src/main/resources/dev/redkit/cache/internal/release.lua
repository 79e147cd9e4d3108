-- Frees a load lease if the caller still owns it (compare and delete).
-- KEYS[1]  the lease key
-- ARGV[1]  the caller's owner token
-- Returns 1 when the lease was deleted, 0 when another owner (or nobody) holds it.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
