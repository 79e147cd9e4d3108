-- Acquires a lock for one owner and issues its fencing token, or reports the current holder's time left.
-- KEYS[1]: the lock key; while held it is the string '<owner token>:<fencing token>' with PX = lease
-- KEYS[2]: the fencing counter of the lock name (same hash slot): the last token issued
-- ARGV[1]: the owner token (random, unique per acquire call; never contains ':')
-- ARGV[2]: the lease in milliseconds (a positive integer)
-- ARGV[3]: the fencing counter's TTL in milliseconds, or '0' for no TTL
-- Returns: {1, fencing token (string), lease ms} when acquired; the same fencing token when the lock is
--          already held by ARGV[1] (a re-sent call), so a retry never fails and never issues a second token;
--          {0, holder's PTTL in ms} when another owner holds the lock.
-- Fencing token: max(last + 1, Redis server time in microseconds), so it is strictly greater than every
-- token issued before for this name while the counter exists, and after the counter is lost (expired,
-- evicted, flushed, or behind on a promoted replica) it still exceeds the earlier tokens unless the server
-- clock went back by more than the time since those were issued.
local held = redis.call('GET', KEYS[1])
if held then
    local prefix = ARGV[1] .. ':'
    if string.sub(held, 1, #prefix) == prefix then
        return {1, string.sub(held, #prefix + 1), ARGV[2]}
    end
    return {0, redis.call('PTTL', KEYS[1])}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local last = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
local step = now - last
if step < 1 then
    step = 1
end
local fence = string.format('%.0f', redis.call('INCRBY', KEYS[2], string.format('%.0f', step)))
if ARGV[3] ~= '0' then
    redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'NX', 'PX', ARGV[2])
return {1, fence, ARGV[2]}
