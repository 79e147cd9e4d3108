--[[
write.lua: applies one score update to a leaderboard's all-time board and to its current period boards,
keeping each board's tie-policy structures in step, atomically.

KEYS[1]            sequence counter (EARLIEST_FIRST: the order in which members reached their scores)
KEYS[2+4i .. 5+4i] board i (i = 0 .. n-1, board 0 is the all-time board):
                   scores (zset member -> score), distinct (zset of distinct scores, DENSE),
                   ties (zset, all scores 0, members '<sortable score><sequence><member>', EARLIEST_FIRST),
                   reached (hash member -> '<sortable score><sequence>', EARLIEST_FIRST)
ARGV[1]            operation: 'incr' (add ARGV[5]), 'set', 'gt' (set if higher), 'lt' (set if lower)
ARGV[2]            tie policy: 'lexical', 'competition', 'dense' or 'earliest'
ARGV[3]            '1' when higher scores rank first (descending order), '0' otherwise
ARGV[4]            member
ARGV[5]            delta or score, a finite number
ARGV[6 .. 5+n]     per board: absolute expiry in Unix milliseconds (PEXPIREAT), '0' for none; set when the
                   member is new to the board, which is every time a board's keys are created (a board key
                   empties only when its last member leaves, so it never outlives the expiry set then)

Returns {score, changed}: board 0's score after the update as text ('%.17g') and 1 if it changed, else 0.
Fails with 'ERR score overflow' (before writing anything) if an increment would make a score infinite.
Work per board: ZSCORE (the overflow check and the old score every tie policy needs); when the score
changes, ZADD, plus for DENSE a ZADD of the distinct score and a ZCOUNT (and ZREM) for the old one, and for
EARLIEST_FIRST HGET, INCR (once per call), ZADD, ZREM and HSET; PEXPIREAT only when the member is new.
]]
local op, policy, desc, member = ARGV[1], ARGV[2], ARGV[3] == '1', ARGV[4]
local value = tonumber(ARGV[5])
local n = (#KEYS - 1) / 4

local function fmt(x)
  if x == 0 then x = 0 end
  return string.format('%.17g', x)
end

-- 8 bytes whose byte order is the board order of x (IEEE 754 bits, sign handled, reversed when descending)
local function sortable(x)
  if x == 0 then x = 0 end
  local b = { string.byte(struct.pack('>d', x), 1, 8) }
  local negative = b[1] >= 128
  for i = 1, 8 do
    local v = b[i]
    if negative then v = 255 - v elseif i == 1 then v = v + 128 end
    if desc then v = 255 - v end
    b[i] = string.char(v)
  end
  return table.concat(b)
end

local function sequence(q)
  local b = {}
  for i = 8, 1, -1 do
    b[i] = string.char(q % 256)
    q = math.floor(q / 256)
  end
  return table.concat(b)
end

local plan = {}
for i = 0, n - 1 do
  local old = redis.call('ZSCORE', KEYS[2 + 4 * i], member)
  old = old and tonumber(old) or nil
  local new
  if op == 'incr' then
    new = (old or 0) + value
  elseif op == 'set' or old == nil or (op == 'gt' and value > old) or (op == 'lt' and value < old) then
    new = value
  else
    new = old
  end
  if new == math.huge or new == -math.huge then
    return redis.error_reply('ERR score overflow: the increment would make the score infinite')
  end
  plan[i] = { old, new }
end

local seq
for i = 0, n - 1 do
  local s, d, t, r = KEYS[2 + 4 * i], KEYS[3 + 4 * i], KEYS[4 + 4 * i], KEYS[5 + 4 * i]
  local old, new = plan[i][1], plan[i][2]
  if old ~= new then
    redis.call('ZADD', s, fmt(new), member)
    if policy == 'dense' then
      redis.call('ZADD', d, fmt(new), fmt(new))
      if old and redis.call('ZCOUNT', s, fmt(old), fmt(old)) == 0 then
        redis.call('ZREM', d, fmt(old))
      end
    elseif policy == 'earliest' then
      local previous = redis.call('HGET', r, member)
      if not seq then seq = redis.call('INCR', KEYS[1]) end
      local tag = sortable(new) .. sequence(seq)
      -- add before removing, so that the ties set never empties (and loses its expiry) under a member
      redis.call('ZADD', t, 0, tag .. member)
      if previous then
        redis.call('ZREM', t, previous .. member)
      end
      redis.call('HSET', r, member, tag)
    end
  end
  local expireAt = ARGV[6 + i]
  if expireAt ~= '0' and old == nil then
    redis.call('PEXPIREAT', s, expireAt)
    if policy == 'dense' then
      redis.call('PEXPIREAT', d, expireAt)
    elseif policy == 'earliest' then
      redis.call('PEXPIREAT', t, expireAt)
      redis.call('PEXPIREAT', r, expireAt)
    end
  end
end

local changed = 0
if plan[0][1] ~= plan[0][2] then changed = 1 end
return { fmt(plan[0][2]), changed }
