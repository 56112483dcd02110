-- A node no longer holds subscribers of a channel. Reports whether the channel is now empty.
-- KEYS: 1 the channel's set of node ids. ARGV: 1 node id, 2 '1' to report an empty set even
-- when the node was no member (a retry after Redis lost the set), else '0'.
-- Returns 1 when the set is empty now and this call emptied it (or forced), else 0.
local removed = redis.call('srem', KEYS[1], ARGV[1])
if (removed == 1 or ARGV[2] == '1') and redis.call('scard', KEYS[1]) == 0 then
  return 1
end
return 0
