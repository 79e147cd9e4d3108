-- Reads the queue's sizes in one atomic step.
-- KEYS[1] ready zset, KEYS[2] in-flight zset, KEYS[3] delayed zset, KEYS[4] dead zset
-- ARGV: none
-- Returns {waiting, inFlight, delayed, dead}.
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]),
        redis.call('ZCARD', KEYS[3]), redis.call('ZCARD', KEYS[4])}
