-- Publishes without history unless the idempotency key was seen in its TTL.
-- KEYS: 1 idempotent result. ARGV: 1 Pub/Sub channel, 2 payload, 3 result ttl (s).
-- Returns 1 when suppressed, 0 when published.
if redis.call('exists', KEYS[1]) == 1 then
  return 1
end
redis.call('publish', ARGV[1], ARGV[2])
redis.call('hset', KEYS[1], 'e', '', 's', '0')
redis.call('expire', KEYS[1], ARGV[3])
return 0
