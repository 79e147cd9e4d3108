-- Shared part of the four limiter scripts, which Algorithm loads with this file in front of each
-- (LuaScript.withLibrary): the arguments they all take and the Redis clock, read once per call.
--
-- KEYS[i]    the state of limit i (its type and format: see the script)
-- ARGV[1]    '1' to consume when every limit allows, '0' to look only (writes nothing)
-- ARGV[2]    permits requested (1 for a look)
-- ARGV[3i]   window of limit i in milliseconds; ARGV[3i+1] its permits per window; ARGV[3i+2] its burst
--            (gcra only)
--
-- Returns nothing itself; every script returns the decision of the most restrictive limit as
-- '<remaining>:<reset>:<retry>', then ':<i>' (the limit's index) when there are several limits: remaining
-- permits, reset after (ms), retry after (ms; 0 when every limit allows, at least 1 otherwise). The most
-- restrictive limit is, when every limit allows, the one with the fewest permits left (on a tie the later
-- reset), else the first with the longest retry. One short string, not a table: Redis converts a Lua table
-- reply into an array at a cost of about a microsecond of its single thread per call.
-- Each script keeps its pick of that limit, its reply and its held-back writes inline rather than in
-- functions here: Redis runs the whole source at every call, so each local function is a new closure per
-- call, and four of them cost the fixed window 8k more instructions of 40k per call (callgrind).
-- Commands: TIME.
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local consume = ARGV[1] == '1'
local permits = ARGV[2] + 0
local n = #KEYS
local allowed = true
