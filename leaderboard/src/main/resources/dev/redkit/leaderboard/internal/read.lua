--[[
read.lua: every read of one board (the all-time board, a period board or a cached roll-up) in one call,
so that ranks, scores and member data come from one consistent state in one round trip.

KEYS[1]   scores (zset member -> score); for a roll-up, the cache key the sources are summed into
KEYS[2]   distinct scores (zset, DENSE); for a roll-up, its cache key
KEYS[3]   ties (zset, EARLIEST_FIRST; see write.lua)
KEYS[4]   reached (hash, EARLIEST_FIRST)
KEYS[5]   member data (hash member -> data)
KEYS[6..] roll-up only: the period boards to sum (ZUNIONSTORE ... AGGREGATE SUM) when the cache is absent
ARGV[1]   tie policy: 'lexical', 'competition', 'dense' or 'earliest'
ARGV[2]   '1' when higher scores rank first (descending order), '0' otherwise
ARGV[3]   roll-up only: cache lifetime in milliseconds (PEXPIRE), else '0'
ARGV[4]   operation, followed by its arguments; Returns the reply shown beside it:
            'entry' member                   -> {member, score, rank, data} or {} if absent
            'range' start count              -> a list (below) from 0-based position start, with the board size
            'top' count                      -> a list of the first count entries (the size is not counted: -1)
            'around' member n                -> a list of up to n entries either side of member, {} if absent
            'score' min max limit            -> a list of the entries with min <= score <= max, at most limit
            'size'                           -> size
            'percentile' member              -> {not better, size} or {} if absent
          a list is {size or -1, from, rank, {member, score, member, score, ...}, data}: from is the 0-based
          position of its first entry, rank that entry's 1-based rank under the tie policy (0 when the list is
          empty), the flat list is ZRANGE's WITHSCORES reply as Redis sent it (built here only for
          EARLIEST_FIRST, whose order is the ties set), and data is HMGET's reply for the members in order,
          absent when the board has no member data. The caller derives every later rank from from, rank and the
          scores, as the tie policy says: LEXICAL and EARLIEST_FIRST rank = position + 1; COMPETITION an entry
          tied with the one before shares its rank, else position + 1; DENSE an entry tied with the one before
          shares its rank, else the rank before + 1. So Lua builds no entries; its only pass over them names
          the members for HMGET (and, under EARLIEST_FIRST, strips the tie-break tags).
Scores are returned as Redis's own text; ranks are 1-based under the tie policy; data is nil when the member has
none.
Work per read, each command O(log N) plus the entries returned: 'entry' runs ZSCORE, then ZREVRANK/ZRANK
(LEXICAL) or one ZCOUNT (COMPETITION, DENSE) or HGET and ZRANK (EARLIEST_FIRST), then HGET of the data; a list
runs ZRANGE (plus ZMSCORE for EARLIEST_FIRST), EXISTS of the data hash and, only when it exists, one HMGET, one
ZCOUNT for the first rank under COMPETITION or DENSE, and ZCARD only for 'range'.
]]
local s, d, t, r, data = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local policy, desc, ttl, op = ARGV[1], ARGV[2] == '1', tonumber(ARGV[3]), ARGV[4]

local function fmt(x)
  if x == 0 then x = 0 end
  return string.format('%.17g', x)
end

if #KEYS > 5 and redis.call('EXISTS', s) == 0 then
  local union = { 'ZUNIONSTORE', s, #KEYS - 5 }
  for i = 6, #KEYS do union[#union + 1] = KEYS[i] end
  local size = redis.call(unpack(union))
  if size > 0 then
    redis.call('DEL', d)
    if policy == 'dense' then
      local last
      for from = 0, size - 1, 1000 do
        local chunk = redis.call('ZRANGE', s, from, from + 999, 'WITHSCORES')
        local add = { 'ZADD', d }
        for j = 2, #chunk, 2 do
          local v = tonumber(chunk[j])
          if v ~= last then
            add[#add + 1] = fmt(v)
            add[#add + 1] = fmt(v)
            last = v
          end
        end
        if #add > 2 then redis.call(unpack(add)) end
      end
      redis.call('PEXPIRE', d, ttl)
    end
    redis.call('PEXPIRE', s, ttl)
  end
end

-- 0-based position of a member in board order, or nil
local function position(member)
  if policy == 'earliest' then
    local tag = redis.call('HGET', r, member)
    if not tag then return nil end
    return redis.call('ZRANK', t, tag .. member)
  elseif desc then
    return redis.call('ZREVRANK', s, member)
  end
  return redis.call('ZRANK', s, member)
end

-- how many members (COMPETITION) or distinct scores (DENSE) rank strictly better than score
local function better(key, score)
  if desc then return redis.call('ZCOUNT', key, '(' .. score, '+inf') end
  return redis.call('ZCOUNT', key, '-inf', '(' .. score)
end

local function rank(pos, score)
  if policy == 'competition' then return better(s, score) + 1 end
  if policy == 'dense' then return better(d, score) + 1 end
  return pos + 1
end

-- the list of the entries at positions from .. to (see the header), counting the board when asked
local function entries(from, to, counted)
  local size = -1
  if counted then
    size = redis.call('ZCARD', s)
    if to >= size then to = size - 1 end
  end
  if from < 0 then from = 0 end
  local flat, members = {}, nil
  if from <= to then
    if policy == 'earliest' then
      local tagged = redis.call('ZRANGE', t, from, to)
      if #tagged > 0 then
        members = {}
        for j = 1, #tagged do members[j] = string.sub(tagged[j], 17) end
        local scores = redis.call('ZMSCORE', s, unpack(members))
        for j = 1, #members do
          flat[2 * j - 1] = members[j]
          flat[2 * j] = scores[j]
        end
      end
    elseif desc then
      flat = redis.call('ZRANGE', s, from, to, 'REV', 'WITHSCORES')
    else
      flat = redis.call('ZRANGE', s, from, to, 'WITHSCORES')
    end
  end
  if #flat == 0 then return { size, from, 0, flat } end
  local out = { size, from, rank(from, flat[2]), flat }
  if redis.call('EXISTS', data) == 1 then
    if not members then
      members = {}
      for j = 1, #flat, 2 do members[#members + 1] = flat[j] end
    end
    out[5] = redis.call('HMGET', data, unpack(members))
  end
  return out
end

if op == 'entry' then
  local member = ARGV[5]
  local score = redis.call('ZSCORE', s, member)
  if not score then return {} end
  local pos = 0
  if policy ~= 'competition' and policy ~= 'dense' then
    -- COMPETITION and DENSE ranks come from the score alone
    pos = position(member)
    if not pos then return {} end
  end
  return { member, score, rank(pos, score), redis.call('HGET', data, member) }
elseif op == 'range' then
  local from = tonumber(ARGV[5])
  return entries(from, from + tonumber(ARGV[6]) - 1, true)
elseif op == 'top' then
  return entries(0, tonumber(ARGV[5]) - 1, false)
elseif op == 'around' then
  local pos = position(ARGV[5])
  if not pos then return {} end
  local n = tonumber(ARGV[6])
  return entries(pos - n, pos + n, false)
elseif op == 'score' then
  local min, max, limit = ARGV[5], ARGV[6], tonumber(ARGV[7])
  local from
  if desc then
    from = redis.call('ZCOUNT', s, '(' .. max, '+inf')
  else
    from = redis.call('ZCOUNT', s, '-inf', '(' .. min)
  end
  local count = redis.call('ZCOUNT', s, min, max)
  if count > limit then count = limit end
  return entries(from, from + count - 1, false)
elseif op == 'size' then
  return redis.call('ZCARD', s)
elseif op == 'percentile' then
  local score = redis.call('ZSCORE', s, ARGV[5])
  if not score then return {} end
  local notBetter
  if desc then
    notBetter = redis.call('ZCOUNT', s, '-inf', score)
  else
    notBetter = redis.call('ZCOUNT', s, score, '+inf')
  end
  return { notBetter, redis.call('ZCARD', s) }
end
return redis.error_reply('ERR unknown leaderboard read ' .. tostring(op))
