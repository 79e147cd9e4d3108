-- Releases a lock only if this lease still owns it (compare-then-delete), tells waiters, and otherwise
-- reports what Redis can prove about the end of the lease.
-- KEYS[1]: the lock key ('<owner token>:<fencing token>' while held)
-- KEYS[2]: the fencing counter of the lock name (same hash slot)
-- KEYS[3]: the waiters marker of the lock name (same hash slot; see acquire.lua)
-- ARGV[1]: the lease's value '<owner token>:<fencing token>'
-- ARGV[2]: the lease's fencing token
-- ARGV[3]: the release notification channel
-- ARGV[4]: the notification payload (the lock name's hash tag)
-- Returns: 1 when this call deleted the lock (and the waiters marker; it published ARGV[4] on ARGV[3] only
--            when the marker existed, that is when a caller was waiting);
--          2 when the lock is free and the counter still holds this lease's token: no other owner acquired
--            it since (it expired or was deleted; a re-sent release whose first run succeeded also lands
--            here); nothing is changed;
--          3 when the lock is free and the counter is gone or below this lease's token: Redis lost or rolled
--            back the lock's state (empty restart, flush, eviction, counter TTL, failover to a replica that
--            missed the acquire), so nobody holds it now but whether someone did meanwhile is unknown;
--            nothing is changed;
--          0 when another owner acquired the lock after this lease: another owner's value is in the lock key,
--            or the counter moved past this lease's token (acquire.lua only ever raises it); nothing is changed.
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then
    if redis.call('DEL', KEYS[1], KEYS[3]) == 2 then
        redis.call('PUBLISH', ARGV[3], ARGV[4])
    end
    return 1
end
if held then
    return 0
end
local counter = redis.call('GET', KEYS[2])
if counter == ARGV[2] then
    return 2
end
if not counter or tonumber(counter) < tonumber(ARGV[2]) then
    return 3
end
return 0
