-- Enqueues a batch of jobs in one atomic step, each unless its id is already known (idempotent per id, the
-- same rule as enqueue.lua), and pushes at most one wake-up token: when the batch makes the empty ready set
-- non-empty, or brings a new earliest delayed job.
-- KEYS[1] ready zset, KEYS[2] delayed zset, KEYS[3] wake list, KEYS[4] sequence counter,
-- then per job: KEYS[3 + 2i] job hash, KEYS[4 + 2i] dedupe marker (i = 1..n)
-- ARGV[1] now (client ms), ARGV[2] wake list cap, ARGV[3] 1 in strict mode (a batch that creates nothing still
-- makes one no-op write, INCRBY seq 0, for the WAIT behind it to cover: see enqueue.lua),
-- then per job seven values from ARGV[4 + 7(i-1)]: id (raw), member, payload,
-- run at (ms), priority 0-9, dedupe window (ms; 0 = no marker, as in enqueue.lua), 1 when the id was generated
-- by the client (its job hash is not looked up, as in enqueue.lua) or 0
-- Returns one integer per job: 1 created, 0 id known (job still known, dedupe marker alive, or earlier in
-- the same batch).
local now = tonumber(ARGV[1])
local readyWasEmpty = redis.call('EXISTS', KEYS[1]) == 0
local firstDelayed = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local earliest = #firstDelayed > 0 and tonumber(firstDelayed[2]) or nil
local out = {}
local addedReady, newEarliest, created = false, false, 0
local n = (#KEYS - 4) / 2
for i = 1, n do
  local job, marker = KEYS[3 + 2 * i], KEYS[4 + 2 * i]
  local a = 4 + 7 * (i - 1)
  local id, member, runAt, priority = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local window = tonumber(ARGV[a + 5])
  if (ARGV[a + 6] ~= '1' and redis.call('EXISTS', job) == 1) or (window > 0 and redis.call('EXISTS', marker) == 1) then
    out[i] = 0
  else
    local fields = {'id', id, 'p', ARGV[a + 2], 'ea', ARGV[1]}
    if priority ~= 0 then
      fields[#fields + 1] = 'pr'
      fields[#fields + 1] = priority
    end
    redis.call('HSET', job, unpack(fields))
    if window > 0 then
      redis.call('SET', marker, '1', 'PX', ARGV[a + 5])
    end
    if runAt > now then
      redis.call('ZADD', KEYS[2], ARGV[a + 3], member)
      if earliest == nil or runAt < earliest then
        earliest = runAt
        newEarliest = true
      end
    else
      local seq = redis.call('INCR', KEYS[4])
      redis.call('ZADD', KEYS[1], string.format('%.0f', (9 - priority) * 8796093022208 + seq), member)
      addedReady = true
    end
    out[i] = 1
    created = created + 1
  end
end
if ((addedReady and readyWasEmpty) or newEarliest) and redis.call('LLEN', KEYS[3]) < tonumber(ARGV[2]) then
  redis.call('LPUSH', KEYS[3], '1')
end
if created == 0 and ARGV[3] == '1' then
  redis.call('INCRBY', KEYS[4], 0)
end
return out
