-- GCRA (generic cell rate algorithm, a token bucket kept as one timestamp): permits come back one per
-- emission interval T = window / permits, and up to burst permits may be taken at once. The state is
-- the theoretical arrival time (TAT): the time at which the bucket is full again. Checks every limit of
-- a limiter and, if all allow, consumes from all of them. Time is the Redis clock (TIME, read once per
-- call), microseconds.
--
-- KEYS[i]    string of limit i: '<tat>:<t>', tat = theoretical arrival time, t = the emission interval it
--            was computed with; a changed rate converts the debt (tat - now) into the new interval
-- ARGV[1]    '1' to consume when every limit allows, '0' to look only (writes nothing)
-- ARGV[2]    permits requested (1 for a look)
-- ARGV[3i]   window of limit i in milliseconds; ARGV[3i+1] its permits per window; ARGV[3i+2] its burst
--
-- Returns {allowed (1 or 0), then for each limit i: remaining permits, reset after (ms, until the
-- bucket is full), retry after (ms, 0 when limit i alone would allow)}. A written key always gets a TTL
-- ending at its TAT, after which the bucket is full and the key carries no information, set by the same
-- SET that writes it. Commands: TIME, then one GET per limit, and one SET per limit on a grant.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local consume = ARGV[1] == '1'
local permits = tonumber(ARGV[2])
local n = #KEYS
local interval, tau, burst, tat = {}, {}, {}, {}
local allowed = true
for i = 1, n do
  interval[i] = tonumber(ARGV[3 * i]) * 1000 / tonumber(ARGV[3 * i + 1])
  burst[i] = tonumber(ARGV[3 * i + 2])
  tau[i] = interval[i] * burst[i]
  local stored, old
  local state = redis.call('GET', KEYS[i])
  if state then
    local st, so = string.match(state, '^([^:]+):([^:]+)$')
    stored, old = tonumber(st), tonumber(so)
  end
  tat[i] = now
  if stored and stored > now then
    tat[i] = stored
    if old and old > 0 and old ~= interval[i] then
      tat[i] = now + (stored - now) / old * interval[i]
    end
  end
  if tat[i] + interval[i] * permits - tau[i] > now + 0.001 then
    allowed = false
  end
end
local out = {allowed and 1 or 0}
for i = 1, n do
  local retry = 0
  local wait = tat[i] + interval[i] * permits - tau[i] - now
  if wait > 0.001 then
    retry = math.max(1, math.ceil(wait / 1000))
  end
  if allowed and consume then
    tat[i] = tat[i] + interval[i] * permits
    redis.call('SET', KEYS[i], string.format('%.17g:%.17g', tat[i], interval[i]),
      'PX', math.max(1, math.ceil((tat[i] - now) / 1000)))
  end
  out[3 * i - 1] = math.max(0, math.min(burst[i], math.floor((tau[i] - (tat[i] - now)) / interval[i] + 1e-9)))
  out[3 * i] = math.ceil((tat[i] - now) / 1000)
  out[3 * i + 1] = retry
end
return out
