-- GCRA (generic cell rate algorithm, a token bucket kept as one timestamp): permits come back one per
-- emission interval T = window / permits, and up to burst permits may be taken at once. The state is
-- the theoretical arrival time (TAT): the time at which the bucket is full again. Checks every limit of
-- a limiter and, if all allow, consumes from all of them. Time is the Redis clock (TIME, read once per
-- call), microseconds.
--
-- KEYS[i]    string of limit i: '<tat>:<t>', tat = theoretical arrival time, t = the emission interval it
--            was computed with; a changed rate converts the debt (tat - now) into the new interval
-- ARGV       as limiter.lua describes (ARGV[3i+2] is the burst of limit i)
--
-- Returns the decision of limiter.lua; the reset is when the bucket is full again. A written key always gets
-- a TTL ending at its TAT, after which the bucket is full and the key carries no information, set by the same
-- SET that writes it. Commands: TIME, one GET per limit, and on a grant one SET per limit. The work per limit
-- needs no table: with one limit (most limiters) the script builds none.
-- the grants of limits 1..n-1 as flat (key, value, ttl) triples, made once limit n has allowed too
local pending
local pick, remaining, reset, retry = 0, 0, 0, 0
for i = 1, n do
  local interval = ARGV[3 * i] * 1000 / ARGV[3 * i + 1]
  local burst = ARGV[3 * i + 2] + 0
  local tau = interval * burst
  local tat = now
  local state = redis.call('GET', KEYS[i])
  if state then
    local st, so = string.match(state, '^([^:]+):([^:]+)$')
    local stored, old = tonumber(st), tonumber(so)
    if stored and stored > now then
      tat = stored
      if old and old > 0 and old ~= interval then
        tat = now + (stored - now) / old * interval
      end
    end
  end
  local rt = 0
  local wait = tat + interval * permits - tau - now
  if wait > 0.001 then
    allowed = false
    rt = math.max(1, math.ceil(wait / 1000))
  elseif allowed and consume then
    tat = tat + interval * permits
    local value, ttl = string.format('%.17g:%.17g', tat, interval), math.max(1, math.ceil((tat - now) / 1000))
    if i < n then
      pending = pending or {}
      local m = #pending
      pending[m + 1], pending[m + 2], pending[m + 3] = KEYS[i], value, ttl
    else
      if pending then
        for j = 1, #pending, 3 do
          redis.call('SET', pending[j], pending[j + 1], 'PX', pending[j + 2])
        end
      end
      redis.call('SET', KEYS[i], value, 'PX', ttl)
    end
  end
  local r = math.floor((tau - (tat - now)) / interval + 1e-9)
  if r > burst then
    r = burst
  elseif r < 0 then
    r = 0
  end
  local rs = math.ceil((tat - now) / 1000)
  if pick == 0 or rt > retry or (rt == 0 and retry == 0 and (r < remaining or (r == remaining and rs > reset))) then
    pick, remaining, reset, retry = i, r, rs, rt
  end
end
local out = remaining .. ':' .. reset .. ':' .. (retry > 0 and retry or '0')
if n > 1 then
  return out .. ':' .. pick
end
return out
