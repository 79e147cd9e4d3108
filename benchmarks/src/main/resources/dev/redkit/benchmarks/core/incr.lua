-- Benchmark script: the smallest useful script, one INCR.
-- KEYS[1]: a counter
-- ARGV: none
-- Returns: the new value
return redis.call('INCR', KEYS[1])
