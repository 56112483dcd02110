-- Drops expired entries, then returns the live ones as a flat client id, ClientInfo list.
-- KEYS: 1 data hash, 2 expiry zset. ARGV: 1 now (unix s).
local expired = redis.call('zrangebyscore', KEYS[2], '0', ARGV[1])
if #expired > 0 then
  for _, client in ipairs(expired) do
    redis.call('hdel', KEYS[1], client)
  end
  redis.call('zremrangebyscore', KEYS[2], '0', ARGV[1])
end
return redis.call('hgetall', KEYS[1])
