-- Merges attributes into a live session, refusing a result larger than the limit. Does not touch
-- the expiry or the index.
-- KEYS[1]  the session hash  <base>{<tag>}:s:<id>
-- ARGV[1]  now, epoch ms of the client clock
-- ARGV[2]  the largest allowed total of attribute name and value bytes
-- ARGV[3]  k, the number of attribute fields to remove
-- ARGV[4 .. 3+k]       fields to remove ('a:<name>')
-- ARGV[4+k ..]         field/value pairs to set ('a:<name>', encoded value)
-- Returns 1 when updated, 0 when the session is unknown or expired, or -n when the merged attributes
-- would take n bytes, more than the limit (nothing is written then).
local now = tonumber(ARGV[1])
local h = redis.call('HGETALL', KEYS[1])
if #h == 0 then
  return 0
end
local size = {}
local expiry
for i = 1, #h, 2 do
  local field = h[i]
  if field == 'e' then
    expiry = tonumber(h[i + 1])
  elseif string.sub(field, 1, 2) == 'a:' then
    size[field] = #field - 2 + #h[i + 1]
  end
end
if expiry == nil or expiry <= now then
  return 0
end
local k = tonumber(ARGV[3])
local removed = {}
for i = 4, 3 + k do
  size[ARGV[i]] = nil
  removed[#removed + 1] = ARGV[i]
end
local set = {}
for i = 4 + k, #ARGV, 2 do
  size[ARGV[i]] = #ARGV[i] - 2 + #ARGV[i + 1]
  set[#set + 1] = ARGV[i]
  set[#set + 1] = ARGV[i + 1]
end
local total = 0
for _, n in pairs(size) do
  total = total + n
end
if total > tonumber(ARGV[2]) then
  return -total
end
if #removed > 0 then
  redis.call('HDEL', KEYS[1], unpack(removed))
end
if #set > 0 then
  redis.call('HSET', KEYS[1], unpack(set))
end
return 1
