-- Enqueues one job unless its id is already known (idempotent by id), and pushes a wake-up token when the
-- job makes the empty ready set non-empty or is the new earliest delayed job (workers block only while the
-- ready set is empty, and a worker that claims leaves a token for the next one when jobs remain).
-- The job hash holds no attempt count or priority while they are 0 (every script reads a missing one as 0).
-- It always holds 'id', even when it equals the member, so that older versions sharing the queue can read it.
-- KEYS[1] ready zset, KEYS[2] delayed zset, KEYS[3] wake list, KEYS[4] sequence counter,
-- KEYS[5] job hash, KEYS[6] dedupe marker
-- ARGV[1] job id (raw), ARGV[2] member (encoded id), ARGV[3] payload, ARGV[4] now (client ms),
-- ARGV[5] run at (ms), ARGV[6] priority 0-9, ARGV[7] dedupe window (ms; 0 = no marker: a generated id where nothing re-sends commands), ARGV[8] wake list cap,
-- ARGV[9] 1 in strict mode: a known id still makes one no-op write (INCRBY seq 0), so that the WAIT sent after
-- this call on the same connection waits for the primary's replication offset of now, which covers the job
-- stored earlier (Redis 7.0 moves a connection's WAIT offset after any command; newer servers only after a
-- write of that connection is propagated)
-- Returns 1 when the job was created, 0 when the id exists (job still known, or dedupe marker alive).
local window = tonumber(ARGV[7])
if redis.call('EXISTS', KEYS[5]) == 1 or (window > 0 and redis.call('EXISTS', KEYS[6]) == 1) then
  if ARGV[9] == '1' then
    redis.call('INCRBY', KEYS[4], 0)
  end
  return 0
end
local now = tonumber(ARGV[4])
local runAt = tonumber(ARGV[5])
local priority = tonumber(ARGV[6])
local fields = {'id', ARGV[1], 'p', ARGV[3], 'ea', ARGV[4]}
if priority ~= 0 then
  fields[#fields + 1] = 'pr'
  fields[#fields + 1] = priority
end
redis.call('HSET', KEYS[5], unpack(fields))
if window > 0 then
  redis.call('SET', KEYS[6], '1', 'PX', ARGV[7])
end
if runAt > now then
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
  -- the new earliest delayed job: wake a blocked worker so that it learns the new due time
  if redis.call('ZRANGE', KEYS[2], 0, 0)[1] == ARGV[2] and redis.call('LLEN', KEYS[3]) < tonumber(ARGV[8]) then
    redis.call('LPUSH', KEYS[3], '1')
  end
else
  local wasEmpty = redis.call('EXISTS', KEYS[1]) == 0
  local seq = redis.call('INCR', KEYS[4])
  redis.call('ZADD', KEYS[1], string.format('%.0f', (9 - priority) * 8796093022208 + seq), ARGV[2])
  if wasEmpty and redis.call('LLEN', KEYS[3]) < tonumber(ARGV[8]) then
    redis.call('LPUSH', KEYS[3], '1')
  end
end
return 1
