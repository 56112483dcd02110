-- Claims nodes whose heartbeat expired, so that exactly one live node cleans each up.
-- KEYS: 1 zset node id -> heartbeat expiry (ms). ARGV: 1 now (ms), 2 lease end (ms),
-- 3 most nodes to claim, 4 the claiming node's id (never claims itself).
-- A claimed node's score moves to the lease end: if the claimer dies too, another claims it
-- once the lease ran out. Returns the claimed node ids.
local due = redis.call('zrangebyscore', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(due) do
  if id ~= ARGV[4] then
    redis.call('zadd', KEYS[1], ARGV[2], id)
    out[#out + 1] = id
  end
end
return out
