-- A node holds subscribers of a channel. Reports whether the channel was empty cluster-wide.
-- KEYS: 1 the channel's set of node ids. ARGV: 1 node id.
-- Returns 1 when this made the set go from empty to non-empty, else 0.
local before = redis.call('scard', KEYS[1])
local added = redis.call('sadd', KEYS[1], ARGV[1])
if before == 0 and added == 1 then
  return 1
end
return 0
