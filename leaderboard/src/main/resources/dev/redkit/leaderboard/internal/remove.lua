--[[
remove.lua: removes a member, and its member data, from a leaderboard's all-time board and from every
period board still retained, keeping each board's tie-policy structures in step, atomically.

KEYS[1]            member data (hash member -> data)
KEYS[2+4i .. 5+4i] board i (i = 0 .. n-1, board 0 is the all-time board): scores, distinct, ties, reached
                   (see write.lua)
ARGV[1]            tie policy: 'lexical', 'competition', 'dense' or 'earliest'
ARGV[2]            member

Returns 1 if the member was on board 0, else 0.
]]
local policy, member = ARGV[1], ARGV[2]
local n = (#KEYS - 1) / 4

local function fmt(x)
  if x == 0 then x = 0 end
  return string.format('%.17g', x)
end

local found = 0
for i = 0, n - 1 do
  local s, d, t, r = KEYS[2 + 4 * i], KEYS[3 + 4 * i], KEYS[4 + 4 * i], KEYS[5 + 4 * i]
  local old = redis.call('ZSCORE', s, member)
  if old then
    if i == 0 then found = 1 end
    redis.call('ZREM', s, member)
    if policy == 'dense' then
      local f = fmt(tonumber(old))
      if redis.call('ZCOUNT', s, f, f) == 0 then
        redis.call('ZREM', d, f)
      end
    elseif policy == 'earliest' then
      local tag = redis.call('HGET', r, member)
      if tag then
        redis.call('ZREM', t, tag .. member)
        redis.call('HDEL', r, member)
      end
    end
  end
end
redis.call('HDEL', KEYS[1], member)
return found
