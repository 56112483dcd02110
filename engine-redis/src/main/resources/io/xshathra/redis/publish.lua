-- Appends one publication to a channel's stream and publishes it, atomically.
-- KEYS: 1 stream, 2 stream meta (hash: e = epoch, s = top offset), 3 idempotent result
-- ARGV: 1 protobuf Publication, 2 history size, 3 history ttl (s), 4 Pub/Sub channel,
--       5 meta ttl (s, 0 = keep), 6 epoch to use when the stream is new, 7 result ttl (s, '' = none),
--       8 '1' to publish the stream's previous publication along with it (delta), else '0'
-- Returns {top offset, epoch, 1 when suppressed by the idempotency key}.
if ARGV[7] ~= '' then
  local cached = redis.call('hmget', KEYS[3], 'e', 's')
  if cached[1] then
    return {cached[2] or '0', cached[1], 1}
  end
end
local epoch = redis.call('hget', KEYS[2], 'e')
if not epoch then
  epoch = ARGV[6]
  redis.call('hset', KEYS[2], 'e', epoch)
end
local top = redis.call('hincrby', KEYS[2], 's', 1)
if ARGV[5] ~= '0' then
  redis.call('expire', KEYS[2], ARGV[5])
end
local prev = ''
if top == 1 then
  -- a new epoch: whatever the stream still holds belongs to the lost one
  redis.call('del', KEYS[1])
elseif ARGV[8] == '1' then
  -- the entry just below the new top, if the stream still holds it (not removed, not expired)
  local last = redis.call('xrevrange', KEYS[1], '+', '-', 'COUNT', 1)[1]
  if last and last[1] == (top - 1) .. '-0' then
    prev = last[2][2]
  end
end
redis.call('xadd', KEYS[1], 'MAXLEN', ARGV[2], tostring(top), 'd', ARGV[1])
redis.call('expire', KEYS[1], ARGV[3])
if ARGV[4] ~= '' then
  if ARGV[8] == '1' then
    redis.call('publish', ARGV[4], '__d1:' .. top .. ':' .. epoch .. ':' .. #prev .. ':' .. prev .. ':'
      .. #ARGV[1] .. ':' .. ARGV[1])
  else
    redis.call('publish', ARGV[4], '__p1:' .. top .. ':' .. epoch .. '__' .. ARGV[1])
  end
end
if ARGV[7] ~= '' then
  redis.call('hset', KEYS[3], 'e', epoch, 's', tostring(top))
  redis.call('expire', KEYS[3], ARGV[7])
end
return {tostring(top), epoch, 0}
