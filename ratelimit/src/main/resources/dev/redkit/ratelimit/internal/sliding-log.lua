-- Sliding window, exact log: a sorted set holding one entry per permit granted within the last window
-- (score = grant time in microseconds). Checks every limit of a limiter and, if all allow, consumes from
-- all of them. Time is the Redis clock (TIME). Memory grows with the permits granted per window.
--
-- KEYS[i]    sorted set of limit i; member '<time>-<n>', n distinct among the members of the same
--            microsecond: a grant numbers its entries after the c entries the window holds (c+1, c+2, ...)
-- ARGV       as limiter.lua describes (ARGV[3i+2] unused)
--
-- Returns the decision of limiter.lua. A written key always gets a TTL of one window, the life of its newest
-- entry; entries older than one window are removed on every grant. Commands: TIME, one ZCOUNT per limit; on a
-- grant ZREMRANGEBYSCORE, ZADD and PEXPIRE per limit (and one more ZADD per entry name found taken, which
-- only a Redis clock that went back makes possible); otherwise ZRANGE of the newest entry for the reset time
-- when the window holds any, and ZRANGEBYSCORE for the retry time of a limit that refuses. With one limit
-- (most limiters) and one permit the script builds no table.

-- adds the entries of one grant to limit i, whose window held count entries
local function grant(i, count)
  local key = KEYS[i]
  local window = ARGV[3 * i] * 1000
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local stamp = string.format('%.0f', now)
  local added = 0
  if permits == 1 then
    added = redis.call('ZADD', key, stamp, stamp .. '-' .. (count + 1))
  else
    for j = 1, permits, 1000 do
      local add = {}
      for m = j, math.min(j + 999, permits) do
        add[#add + 1] = stamp
        add[#add + 1] = stamp .. '-' .. (count + m)
      end
      added = added + redis.call('ZADD', key, unpack(add))
    end
  end
  -- a name is taken only when the Redis clock went back to a microsecond it had granted in, after
  -- entries of the window were removed: the next free numbers give every permit its entry
  local number = count + permits
  while added < permits do
    number = number + 1
    added = added + redis.call('ZADD', key, stamp, stamp .. '-' .. number)
  end
  redis.call('PEXPIRE', key, ARGV[3 * i])
end

-- the grants of limits 1..n-1 as flat (limit, count) pairs, made once limit n has allowed too
local pending
local pick, remaining, reset, retry = 0, 0, 0, 0
for i = 1, n do
  local window = ARGV[3 * i] * 1000
  local limit = ARGV[3 * i + 1] + 0
  local count = redis.call('ZCOUNT', KEYS[i], now - window + 1, '+inf')
  local rt, rs = 0, 0
  if count + permits > limit then
    allowed = false
    -- the oldest entries must leave the window until the request fits
    local e = redis.call('ZRANGEBYSCORE', KEYS[i], now - window + 1, '+inf', 'WITHSCORES', 'LIMIT',
      count + permits - limit - 1, 1)
    if e[2] then
      rt = e[2] + window - now
    else
      rt = window
    end
    rt = math.max(1, math.ceil(rt / 1000))
  elseif allowed and consume then
    if i < n then
      pending = pending or {}
      pending[#pending + 1] = i
      pending[#pending + 1] = count
    else
      if pending then
        for j = 1, #pending, 2 do
          grant(pending[j], pending[j + 1])
        end
      end
      grant(i, count)
    end
    count = count + permits
    -- the newest entry is one of those being added, stamped now: it leaves the window one window from now
    rs = ARGV[3 * i] + 0
  end
  if rs == 0 and count > 0 then
    local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
    rs = math.max(0, math.ceil((newest[2] + window - now) / 1000))
  end
  local r = limit - count
  if r < 0 then
    r = 0
  end
  if pick == 0 or rt > retry or (rt == 0 and retry == 0 and (r < remaining or (r == remaining and rs > reset))) then
    pick, remaining, reset, retry = i, r, rs, rt
  end
end
local out = remaining .. ':' .. reset .. ':' .. (retry > 0 and retry or '0')
if n > 1 then
  return out .. ':' .. pick
end
return out
