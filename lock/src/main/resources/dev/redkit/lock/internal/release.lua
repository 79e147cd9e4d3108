-- Releases a lock only if this lease still owns it (compare-then-delete), and tells waiters.
-- KEYS[1]: the lock key ('<owner token>:<fencing token>' while held)
-- KEYS[2]: the fencing counter of the lock name (same hash slot)
-- KEYS[3]: the waiters marker of the lock name (same hash slot; see acquire.lua)
-- ARGV[1]: the lease's value '<owner token>:<fencing token>'
-- ARGV[2]: the lease's fencing token
-- ARGV[3]: the release notification channel
-- ARGV[4]: the notification payload (the lock name's hash tag)
-- Returns: 1 when this call deleted the lock (and the waiters marker; it published ARGV[4] on ARGV[3] only
--            when the marker existed, that is when a caller was waiting);
--          2 when the lock is free and no other owner acquired it since this lease (it expired or was
--            deleted; a re-sent release whose first run succeeded also lands here); nothing is changed;
--          0 when another owner acquired the lock after this lease; nothing is changed.
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then
    if redis.call('DEL', KEYS[1], KEYS[3]) == 2 then
        redis.call('PUBLISH', ARGV[3], ARGV[4])
    end
    return 1
end
if not held and redis.call('GET', KEYS[2]) == ARGV[2] then
    return 2
end
return 0
