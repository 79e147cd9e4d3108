-- Fixed window: check every limit of a limiter and, if all allow, consume from all of them.
-- Windows are aligned to multiples of their length since the Unix epoch, on the Redis clock (TIME,
-- read once per call).
--
-- KEYS[i]    string of limit i: '<w>:<c>', w = index of the window counted (now // window), c = permits
--            used in it; a stored w other than the current one counts as 0 used
-- ARGV       as limiter.lua describes (ARGV[3i+2] unused)
--
-- Returns the decision of limiter.lua. A written key always gets a TTL ending with its window: the first
-- grant of a window sets it (SET PX), the later grants keep it (SET KEEPTTL). Commands: TIME, one GET per
-- limit, and on a grant one SET per limit. The work per limit needs no table: with one limit (most limiters)
-- the script builds none.
-- the grants of limits 1..n-1 as flat (key, value, ttl) triples, made once limit n has allowed too
local pending
local pick, remaining, reset, retry = 0, 0, 0, 0
for i = 1, n do
  local window = ARGV[3 * i] * 1000
  local limit = ARGV[3 * i + 1] + 0
  local elapsed = now % window
  local win = (now - elapsed) / window
  local left = math.ceil((window - elapsed) / 1000)
  local used, stored = 0, nil
  local state = redis.call('GET', KEYS[i])
  if state then
    local w, c = string.match(state, '^(%d+):(%d+)$')
    if w and w + 0 == win then
      used, stored = c + 0, w
    end
  end
  local rt = 0
  if used + permits > limit then
    rt, allowed = left, false
  elseif allowed and consume then
    -- the TTL is set by the window's first grant; false keeps it
    local value, ttl
    if stored then
      value, ttl = stored .. ':' .. (used + permits), false
    else
      value, ttl = win .. ':' .. ARGV[2], left
    end
    if i < n then
      pending = pending or {}
      local m = #pending
      pending[m + 1], pending[m + 2], pending[m + 3] = KEYS[i], value, ttl
    else
      if pending then
        for j = 1, #pending, 3 do
          if pending[j + 2] then
            redis.call('SET', pending[j], pending[j + 1], 'PX', pending[j + 2])
          else
            redis.call('SET', pending[j], pending[j + 1], 'KEEPTTL')
          end
        end
      end
      if ttl then
        redis.call('SET', KEYS[i], value, 'PX', ttl)
      else
        redis.call('SET', KEYS[i], value, 'KEEPTTL')
      end
    end
    used = used + permits
  end
  local r = limit - used
  if r < 0 then
    r = 0
  end
  if pick == 0 or rt > retry or (rt == 0 and retry == 0 and (r < remaining or (r == remaining and left > reset))) then
    pick, remaining, reset, retry = i, r, left, rt
  end
end
local out = remaining .. ':' .. reset .. ':' .. (retry > 0 and retry or '0')
if n > 1 then
  return out .. ':' .. pick
end
return out
