-- Adds or refreshes one presence entry.
-- KEYS: 1 data hash (client id -> ClientInfo), 2 expiry zset (client id -> expire-at, unix s)
-- ARGV: 1 client id, 2 protobuf ClientInfo, 3 ttl (s), 4 expire-at (unix s)
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
redis.call('expire', KEYS[1], ARGV[3])
redis.call('zadd', KEYS[2], ARGV[4], ARGV[1])
redis.call('expire', KEYS[2], ARGV[3])
return 0
