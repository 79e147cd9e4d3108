-- Optional acks or one nack, optional housekeeping, then claim, in one atomic step. A worker acks the jobs its
-- handlers finished (several per call) and claims as many next jobs in one call (no housekeeping), and a
-- handler thread nacks a failed job and claims its next one the same way; the fetch loop and recover() run
-- the housekeeping:
-- it promotes due delayed jobs to ready, returns lapsed leases to ready (or to the dead-letter set once
-- attempts are used up), and trims dead letters past the retention. Then up to ARGV[2] ready jobs move into
-- the in-flight set with a lease deadline and a fresh owner token.
-- KEYS[1] ready zset, KEYS[2] delayed zset, KEYS[3] in-flight zset, KEYS[4] dead zset,
-- KEYS[5] wake list, KEYS[6] sequence counter, KEYS[7] job hash of the job to nack (any queue key otherwise;
-- the job hashes of acked jobs are ARGV[5] .. member, in the same hash slot)
-- ARGV[1] now (client ms), ARGV[2] how many to claim (0 = none), ARGV[3] lease deadline (ms),
-- ARGV[4] token base, ARGV[5] job key prefix, ARGV[6] max attempts,
-- ARGV[7] housekeeping batch size (0 = no housekeeping), ARGV[8] most dead letters kept,
-- ARGV[9] longest a dead letter is kept (ms),
-- ARGV[10] 1 when the caller is a fetch thread (or poll/recover): a claim that leaves jobs ready wakes another
-- worker; 0 for a worker's ack or nack call,
-- ARGV[11] 'none', 'ack' or 'nack';
-- for 'ack': ARGV[12], ARGV[13], ... pairs of member and owner token, one per job to ack;
-- for 'nack': ARGV[12] member, ARGV[13] owner token, ARGV[14] retry at (ms), ARGV[15] error text, ARGV[16] 1 to
-- dead-letter at once (poison message), ARGV[17] most dead letters the nack trims, ARGV[18] wake list cap
-- An ack removes a job whose owner token still matches. A nack schedules a retry (delayed set, or ready when
-- the retry time has come, with a wake-up token) or, once the attempts are used up, dead-letters the job and
-- applies the retention below to at most ARGV[17] letters.
-- Returns {settled (ack: a string with one '1' removed or '0' lease lost per pair; nack: 1 retry scheduled,
--          2 dead-lettered, 0 lease lost; 'none': 0),
--          promoted, recovered, deadLettered,
--          nextDueMs or -1 (computed when the claim found the ready set short, or for a fetch call that ran
--          housekeeping), trimmed,
--          then per claimed job: member, token, attempts, payload, enqueuedAt, id}
-- Dead-letter retention, after a nack or a recovery that may add dead letters: the oldest dead letters and
-- their job hashes are deleted, as many as exceed ARGV[8] or are older than ARGV[9], at most ARGV[17] for
-- the nack and ARGV[7] for the housekeeping; trimmed counts them. Running in every housekeeping call, it also ages letters
-- out while none are added.
-- Wake-up list: emptied when this call leaves the ready set empty (known when it popped fewer than it asked
-- for; a fetch call checks otherwise), unless its nack just made a new earliest delayed job; a fetch call that leaves jobs ready pushes one token (when none is
-- there) so that another idle worker wakes and claims them.
local now = tonumber(ARGV[1])
local prefix = ARGV[5]
local batch = tonumber(ARGV[7])

local function toReady(member, pr)
  local seq = redis.call('INCR', KEYS[6])
  redis.call('ZADD', KEYS[1], string.format('%.0f', (9 - tonumber(pr or '0')) * 8796093022208 + seq), member)
end

local function retain(limit)
  local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[8])
  local aged = redis.call('ZCOUNT', KEYS[4], '-inf', string.format('%.0f', now - tonumber(ARGV[9])))
  local n = math.min(math.max(over, aged), limit)
  if n <= 0 then
    return 0
  end
  for _, m in ipairs(redis.call('ZRANGE', KEYS[4], 0, n - 1)) do
    redis.call('DEL', prefix .. m)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, n - 1)
  return n
end

local settled, nackTrim = 0, 0
-- set when a nack's retry is the new earliest delayed job: its token must reach a blocked fetch thread
local keepWake = false
local mode = ARGV[11]
if mode == 'ack' then
  local flags = {}
  for i = 12, #ARGV, 2 do
    local m = ARGV[i]
    local job = prefix .. m
    if redis.call('HGET', job, 't') == ARGV[i + 1] then
      redis.call('ZREM', KEYS[3], m)
      redis.call('DEL', job)
      flags[#flags + 1] = '1'
    else
      flags[#flags + 1] = '0'
    end
  end
  settled = table.concat(flags)
elseif mode == 'nack' and redis.call('HGET', KEYS[7], 't') == ARGV[13] then
  local member = ARGV[12]
  redis.call('ZREM', KEYS[3], member)
  local f = redis.call('HMGET', KEYS[7], 'a', 'pr')
  redis.call('HDEL', KEYS[7], 't')
  if ARGV[16] == '1' or tonumber(f[1] or '0') >= tonumber(ARGV[6]) then
    redis.call('HSET', KEYS[7], 'e', ARGV[15], 'fa', ARGV[1])
    redis.call('ZADD', KEYS[4], ARGV[1], member)
    nackTrim = retain(tonumber(ARGV[17]))
    settled = 2
  else
    redis.call('HSET', KEYS[7], 'e', ARGV[15])
    local wakeCap = tonumber(ARGV[18])
    if tonumber(ARGV[14]) > now then
      redis.call('ZADD', KEYS[2], ARGV[14], member)
      if redis.call('ZRANGE', KEYS[2], 0, 0)[1] == member then
        keepWake = true
        if redis.call('LLEN', KEYS[5]) < wakeCap then
          redis.call('LPUSH', KEYS[5], '1')
        end
      end
    else
      toReady(member, f[2])
      if redis.call('LLEN', KEYS[5]) < wakeCap then
        redis.call('LPUSH', KEYS[5], '1')
      end
    end
    settled = 1
  end
end

local promoted, recovered, dead, trim = 0, 0, 0, 0
if batch > 0 then
  local maxAttempts = tonumber(ARGV[6])
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, batch)) do
    redis.call('ZREM', KEYS[2], m)
    local f = redis.call('HMGET', prefix .. m, 'p', 'pr')
    if f[1] then
      toReady(m, f[2])
      promoted = promoted + 1
    end
  end
  for _, m in ipairs(redis.call('ZRANGE', KEYS[3], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, batch)) do
    redis.call('ZREM', KEYS[3], m)
    local job = prefix .. m
    local f = redis.call('HMGET', job, 'p', 'pr', 'a')
    if f[1] then
      redis.call('HDEL', job, 't')
      if tonumber(f[3] or '0') >= maxAttempts then
        redis.call('HSET', job, 'e', 'lease expired (worker crashed or stalled)', 'fa', ARGV[1])
        redis.call('ZADD', KEYS[4], ARGV[1], m)
        dead = dead + 1
      else
        toReady(m, f[2])
        recovered = recovered + 1
      end
    end
  end
  trim = retain(batch)
end

local out = {settled, promoted, recovered, dead, -1, trim + nackTrim}
local want = tonumber(ARGV[2])
local short = false
if want > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], want)
  local leases = {}
  local n = 0
  for j = 1, #popped, 2 do
    local m = popped[j]
    local job = prefix .. m
    local f = redis.call('HMGET', job, 'p', 'ea', 'id', 'a')
    if f[1] then
      n = n + 1
      local attempts = tonumber(f[4] or '0') + 1
      local token = ARGV[4] .. '.' .. n
      redis.call('HSET', job, 't', token, 'a', attempts)
      leases[#leases + 1] = ARGV[3]
      leases[#leases + 1] = m
      out[#out + 1] = m
      out[#out + 1] = token
      out[#out + 1] = attempts
      out[#out + 1] = f[1]
      out[#out + 1] = f[2]
      out[#out + 1] = f[3] or m
    end
  end
  if n > 0 then
    redis.call('ZADD', KEYS[3], unpack(leases))
  end
  short = #popped < 2 * want
end

local fetch = ARGV[10] == '1'
if short and not keepWake then
  redis.call('DEL', KEYS[5])
elseif fetch and not short then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    redis.call('DEL', KEYS[5])
  elseif redis.call('LLEN', KEYS[5]) == 0 then
    redis.call('LPUSH', KEYS[5], '1')
  end
end

if short or (fetch and batch > 0) then
  local next = -1
  local d = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #d > 0 then
    next = tonumber(d[2])
  end
  local f = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  if #f > 0 and (next < 0 or tonumber(f[2]) < next) then
    next = tonumber(f[2])
  end
  out[5] = string.format('%.0f', next)
end
return out
