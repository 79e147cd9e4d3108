-- Fixed window: check every limit of a limiter and, if all allow, consume from all of them.
-- Windows are aligned to multiples of their length since the Unix epoch, on the Redis clock (TIME,
-- read once per call).
--
-- KEYS[i]    string of limit i: '<w>:<c>', w = index of the window counted (now // window), c = permits
--            used in it; a stored w other than the current one counts as 0 used
-- ARGV[1]    '1' to consume when every limit allows, '0' to look only (writes nothing)
-- ARGV[2]    permits requested (1 for a look)
-- ARGV[3i]   window of limit i in milliseconds; ARGV[3i+1] its permits per window; ARGV[3i+2] unused
--
-- Returns {allowed (1 or 0), then for each limit i: remaining permits, reset after (ms), retry after
-- (ms, 0 when limit i alone would allow)}. A written key always gets a TTL ending with its window, set by
-- the same SET that writes it. Commands: TIME, then one GET per limit, and one SET per limit on a grant.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local consume = ARGV[1] == '1'
local permits = tonumber(ARGV[2])
local n = #KEYS
local limit, win, used, left = {}, {}, {}, {}
local allowed = true
for i = 1, n do
  local window = tonumber(ARGV[3 * i]) * 1000
  limit[i] = tonumber(ARGV[3 * i + 1])
  win[i] = math.floor(now / window)
  left[i] = math.max(1, (win[i] + 1) * window - now)
  used[i] = 0
  local state = redis.call('GET', KEYS[i])
  if state then
    local w, c = string.match(state, '^(%d+):(%d+)$')
    if tonumber(w) == win[i] then
      used[i] = tonumber(c)
    end
  end
  if used[i] + permits > limit[i] then
    allowed = false
  end
end
local out = {allowed and 1 or 0}
for i = 1, n do
  local retry = 0
  if used[i] + permits > limit[i] then
    retry = math.ceil(left[i] / 1000)
  end
  if allowed and consume then
    used[i] = used[i] + permits
    redis.call('SET', KEYS[i], string.format('%.0f:%.0f', win[i], used[i]), 'PX', math.ceil(left[i] / 1000))
  end
  out[3 * i - 1] = math.max(0, limit[i] - used[i])
  out[3 * i] = math.ceil(left[i] / 1000)
  out[3 * i + 1] = retry
end
return out
