-- Acquires a lock for one owner and issues its fencing token, or reports the current holder's time left.
-- KEYS[1]: the lock key; while held it is the string '<owner token>:<fencing token>' with PX = lease
-- KEYS[2]: the fencing counter of the lock name (same hash slot): the last token issued
-- KEYS[3]: the waiters marker of the lock name (same hash slot): exists while a caller waits for the lock,
--          so that a release publishes a wake-up only then (see release.lua)
-- ARGV[1]: the owner token (random, unique per acquire call; never contains ':')
-- ARGV[2]: the lease in milliseconds (a positive integer)
-- ARGV[3]: the fencing counter's TTL in milliseconds, or '0' for no TTL
-- ARGV[4]: '0' when the caller will not wait; else how long (ms) the waiters marker must outlive the
--          holder's lease: the caller's longest pause between two attempts, each of which sets the marker
--          again when the lock is busy
-- ARGV[5]: '1' when other callers of the caller's instance wait for the same lock: they were not woken by
--          the release this caller won, so a winning attempt sets the marker for them; else '0'
-- Returns: {1, fencing token (string), lease ms} when acquired; the same fencing token when the lock is
--          already held by ARGV[1] (a re-sent call), so a retry never fails and never issues a second token;
--          {0, holder's PTTL in ms} when another owner holds the lock.
-- Fencing token: max(last + 1, Redis server time in microseconds), so it is strictly greater than every
-- token issued before for this name while the counter exists, and after the counter is lost (expired,
-- evicted, flushed, or behind on a promoted replica) it still exceeds the earlier tokens unless the server
-- clock went back by more than the time since those were issued.
-- Commands: a free lock costs TIME, SET NX PX GET of the lock key (its one read: the GET part answers the
-- holder's value when the lock is taken), SET ... GET of the counter (with its PX); a busy one TIME, SET NX
-- PX GET, PTTL; a caller that waits adds one SET PX of the waiters marker when the lock is busy, and also
-- when it wins while others of its instance wait. Only when the counter is not below the server time
-- (clock gone back, two acquires in one microsecond) does a free lock cost a second SET of the counter and
-- a SET XX KEEPTTL of the lock key with the raised token.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local fence = string.format('%.0f', now)
local held = redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'NX', 'PX', ARGV[2], 'GET')
if held then
    local prefix = ARGV[1] .. ':'
    if string.sub(held, 1, #prefix) == prefix then
        return {1, string.sub(held, #prefix + 1), ARGV[2]}
    end
    local pttl = redis.call('PTTL', KEYS[1])
    if ARGV[4] ~= '0' then
        redis.call('SET', KEYS[3], '1', 'PX', math.max(1, pttl) + tonumber(ARGV[4]))
    end
    return {0, pttl}
end
-- the counter becomes the server time, reading the last token in the same SET ... GET; only when that is
-- not below the time (the clock went back, or two acquires in one microsecond) does it become last + 1,
-- and the lock key, written above with the time, takes that token too
local function raise(value)
    if ARGV[3] ~= '0' then
        return redis.call('SET', KEYS[2], value, 'PX', ARGV[3], 'GET')
    end
    return redis.call('SET', KEYS[2], value, 'GET')
end
local last = tonumber(raise(fence) or '0') or 0
if last >= now then
    fence = string.format('%.0f', last + 1)
    raise(fence)
    redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'XX', 'KEEPTTL')
end
if ARGV[5] == '1' then
    redis.call('SET', KEYS[3], '1', 'PX', tonumber(ARGV[2]) + tonumber(ARGV[4]))
end
return {1, fence, ARGV[2]}
