-- Sliding window, weighted two-window counter: the count of the current window plus the count of the
-- previous window weighted by the share of it that still lies within one window length of now. Checks
-- every limit of a limiter and, if all allow, consumes from all of them. Time is the Redis clock (TIME,
-- read once per call).
--
-- KEYS[i]    string of limit i: '<w>:<c>:<p>', w = index of the window last written (now // window),
--            c = its count, p = the count of window w - 1
-- ARGV[1]    '1' to consume when every limit allows, '0' to look only (writes nothing)
-- ARGV[2]    permits requested (1 for a look)
-- ARGV[3i]   window of limit i in milliseconds; ARGV[3i+1] its permits per window; ARGV[3i+2] unused
--
-- Returns {allowed (1 or 0), then for each limit i: remaining permits, reset after (ms), retry after
-- (ms, 0 when limit i alone would allow)}. A written key always gets a TTL of the rest of the current
-- window plus one window, after which its counts no longer matter, set by the same SET that writes it.
-- Commands: TIME, then one GET per limit, and one SET per limit on a grant.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local consume = ARGV[1] == '1'
local permits = tonumber(ARGV[2])
local n = #KEYS
local limit, window, win, elapsed, cur, prev, est = {}, {}, {}, {}, {}, {}, {}
local allowed = true
for i = 1, n do
  window[i] = tonumber(ARGV[3 * i]) * 1000
  limit[i] = tonumber(ARGV[3 * i + 1])
  win[i] = math.floor(now / window[i])
  elapsed[i] = math.max(0, now - win[i] * window[i])
  cur[i], prev[i] = 0, 0
  local state = redis.call('GET', KEYS[i])
  if state then
    local sw, sc, sp = string.match(state, '^(%d+):(%d+):(%d+)$')
    local w = tonumber(sw)
    if w == win[i] then
      cur[i] = tonumber(sc)
      prev[i] = tonumber(sp)
    elseif w == win[i] - 1 then
      prev[i] = tonumber(sc)
    end
  end
  est[i] = prev[i] * (1 - elapsed[i] / window[i]) + cur[i]
  if est[i] + permits > limit[i] then
    allowed = false
  end
end
local out = {allowed and 1 or 0}
for i = 1, n do
  local retry = 0
  if est[i] + permits > limit[i] then
    if cur[i] + permits <= limit[i] then
      -- wait until the previous window's weight has shrunk enough
      local share = 1 - (limit[i] - cur[i] - permits) / prev[i]
      retry = (share * window[i]) - elapsed[i]
    else
      -- wait for the next window, where the current count becomes the weighted previous one
      local share = math.max(0, 1 - (limit[i] - permits) / cur[i])
      retry = window[i] - elapsed[i] + share * window[i]
    end
    retry = math.max(1, math.ceil(retry / 1000))
  end
  if allowed and consume then
    cur[i] = cur[i] + permits
    est[i] = est[i] + permits
    redis.call('SET', KEYS[i], string.format('%.0f:%.0f:%.0f', win[i], cur[i], prev[i]),
      'PX', math.ceil((2 * window[i] - elapsed[i]) / 1000))
  end
  local reset = 0
  if cur[i] > 0 then
    reset = 2 * window[i] - elapsed[i]
  elseif prev[i] > 0 then
    reset = window[i] - elapsed[i]
  end
  out[3 * i - 1] = math.max(0, math.floor(limit[i] - est[i] + 1e-9))
  out[3 * i] = math.ceil(reset / 1000)
  out[3 * i + 1] = retry
end
return out
