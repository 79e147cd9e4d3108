-- Sliding window, weighted two-window counter: the count of the current window plus the count of the
-- previous window weighted by the share of it that still lies within one window length of now. Checks
-- every limit of a limiter and, if all allow, consumes from all of them. Time is the Redis clock (TIME,
-- read once per call).
--
-- KEYS[i]    string of limit i: '<w>:<c>:<p>', w = index of the window last written (now // window),
--            c = its count, p = the count of window w - 1
-- ARGV       as limiter.lua describes (ARGV[3i+2] unused)
--
-- Returns the decision of limiter.lua. A written key always gets a TTL of the rest of the current window plus
-- one window, after which its counts no longer matter: the first grant of a window sets it (SET PX), the
-- later grants keep it (SET KEEPTTL). Commands: TIME, one GET per limit, and on a grant one SET per limit.
-- The work per limit needs no table: with one limit (most limiters) the script builds none.
-- the grants of limits 1..n-1 as flat (key, value, ttl) triples, made once limit n has allowed too
local pending
local pick, remaining, reset, retry = 0, 0, 0, 0
for i = 1, n do
  local window = ARGV[3 * i] * 1000
  local limit = ARGV[3 * i + 1] + 0
  local elapsed = now % window
  local win = (now - elapsed) / window
  local cur, prev = 0, 0
  -- the stored strings the next state reuses: the current window's index and the previous window's count
  local sw, sp
  local state = redis.call('GET', KEYS[i])
  if state then
    local w, c, p = string.match(state, '^(%d+):(%d+):(%d+)$')
    if w then
      local wn = w + 0
      if wn == win then
        cur, prev, sw, sp = c + 0, p + 0, w, p
      elseif wn == win - 1 then
        prev, sp = c + 0, c
      end
    end
  end
  local est = prev * (1 - elapsed / window) + cur
  local rt = 0
  if est + permits > limit then
    allowed = false
    if cur + permits <= limit then
      -- wait until the previous window's weight has shrunk enough
      rt = (1 - (limit - cur - permits) / prev) * window - elapsed
    else
      -- wait for the next window, where the current count becomes the weighted previous one
      local share = 1 - (limit - permits) / cur
      if share < 0 then
        share = 0
      end
      rt = window - elapsed + share * window
    end
    rt = math.max(1, math.ceil(rt / 1000))
  elseif allowed and consume then
    -- the TTL is set by the window's first grant; false keeps it
    local value, ttl
    if sw then
      value, ttl = sw .. ':' .. (cur + permits) .. ':' .. sp, false
    else
      value, ttl = win .. ':' .. ARGV[2] .. ':' .. (sp or '0'), math.ceil((2 * window - elapsed) / 1000)
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
    cur = cur + permits
    est = est + permits
  end
  local rs = 0
  if cur > 0 then
    rs = math.ceil((2 * window - elapsed) / 1000)
  elseif prev > 0 then
    rs = math.ceil((window - elapsed) / 1000)
  end
  local r = math.floor(limit - est + 1e-9)
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
