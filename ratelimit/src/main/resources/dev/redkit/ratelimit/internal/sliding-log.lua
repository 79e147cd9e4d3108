-- Sliding window, exact log: a sorted set holding one entry per permit granted within the last window
-- (score = grant time in microseconds). Checks every limit of a limiter and, if all allow, consumes from
-- all of them. Time is the Redis clock (TIME). Memory grows with the permits granted per window.
--
-- KEYS[i]    sorted set of limit i; member '<time>-<n>' where n makes members granted in the same
--            microsecond distinct
-- ARGV[1]    '1' to consume when every limit allows, '0' to look only (writes nothing)
-- ARGV[2]    permits requested (1 for a look)
-- ARGV[3i]   window of limit i in milliseconds; ARGV[3i+1] its permits per window; ARGV[3i+2] unused
--
-- Returns {allowed (1 or 0), then for each limit i: remaining permits, reset after (ms), retry after
-- (ms, 0 when limit i alone would allow)}. A written key always gets a TTL of one window, the life of
-- its newest entry; entries older than one window are removed on every grant. Commands: TIME, one ZCOUNT
-- per limit; on a grant ZREMRANGEBYSCORE, ZCOUNT (members of the same microsecond), ZADD and PEXPIRE per
-- limit; otherwise ZRANGE of the newest entry for the reset time when the window holds any, and
-- ZRANGEBYSCORE for the retry time of a limit that refuses.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local consume = ARGV[1] == '1'
local permits = tonumber(ARGV[2])
local n = #KEYS
local limit, window, count = {}, {}, {}
local allowed = true
for i = 1, n do
  window[i] = tonumber(ARGV[3 * i]) * 1000
  limit[i] = tonumber(ARGV[3 * i + 1])
  count[i] = redis.call('ZCOUNT', KEYS[i], '(' .. string.format('%.0f', now - window[i]), '+inf')
  if count[i] + permits > limit[i] then
    allowed = false
  end
end
local out = {allowed and 1 or 0}
local since = {}
for i = 1, n do
  since[i] = '(' .. string.format('%.0f', now - window[i])
  local retry = 0
  if count[i] + permits > limit[i] then
    -- the oldest entries must leave the window until the request fits
    local k = count[i] + permits - limit[i] - 1
    local e = redis.call('ZRANGEBYSCORE', KEYS[i], since[i], '+inf', 'WITHSCORES', 'LIMIT', k, 1)
    if e[2] then
      retry = tonumber(e[2]) + window[i] - now
    else
      retry = window[i]
    end
    retry = math.max(1, math.ceil(retry / 1000))
  end
  if allowed and consume then
    local stamp = string.format('%.0f', now)
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. string.format('%.0f', now - window[i] + 1))
    local same = redis.call('ZCOUNT', KEYS[i], stamp, stamp)
    local add = {}
    for j = 1, permits do
      add[2 * j - 1] = stamp
      add[2 * j] = stamp .. '-' .. (same + j)
    end
    for j = 1, #add, 2000 do
      redis.call('ZADD', KEYS[i], unpack(add, j, math.min(j + 1999, #add)))
    end
    redis.call('PEXPIRE', KEYS[i], math.ceil(window[i] / 1000))
    count[i] = count[i] + permits
  end
  local reset = 0
  if allowed and consume then
    -- the newest entry is the one just added, stamped now: it leaves the window one window from now
    reset = window[i]
  elseif count[i] > 0 then
    local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
    reset = math.max(0, tonumber(newest[2]) + window[i] - now)
  end
  out[3 * i - 1] = math.max(0, limit[i] - count[i])
  out[3 * i] = math.ceil(reset / 1000)
  out[3 * i + 1] = retry
end
return out
