-- Removes one presence entry. KEYS: 1 data hash, 2 expiry zset. ARGV: 1 client id.
redis.call('hdel', KEYS[1], ARGV[1])
redis.call('zrem', KEYS[2], ARGV[1])
return 0
