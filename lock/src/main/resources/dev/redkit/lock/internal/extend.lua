-- Extends a lock only if this lease still owns it (compare-then-expire); never shortens it.
-- KEYS[1]: the lock key ('<owner token>:<fencing token>' while held)
-- ARGV[1]: the lease's value '<owner token>:<fencing token>'
-- ARGV[2]: the wanted time to live in milliseconds (a positive integer)
-- Returns: 1 when the lock is owned by this lease and now lives at least ARGV[2] ms;
--          0 when the lock is gone or owned by another lease (nothing is changed).
-- Running it twice is harmless.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return 0
end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
