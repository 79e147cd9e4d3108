-- Test script: increments two counters that must share a hash slot.
-- KEYS[1], KEYS[2]: counters
-- ARGV[1]: amount
-- Returns: {KEYS[1] value, KEYS[2] value}
local a = redis.call('INCRBY', KEYS[1], ARGV[1])
local b = redis.call('INCRBY', KEYS[2], ARGV[1])
return {a, b}
