-- Writes or removes one key of a map channel, appends the change to the channel's stream (modes
-- with a stream) and publishes it, atomically.
-- KEYS: 1 state (hash key -> "<offset>:<publication>"), 2 keys (zset, lexicographic order),
--       3 expiry (zset key -> expiry in ms), 4 versions (hash key -> "<version>:<version epoch>"),
--       5 stream, 6 stream meta (hash: e = epoch, s = top offset), 7 idempotent result
-- ARGV: 1 key, 2 protobuf Publication of the change (without offset), 3 '1' remove, else '0',
--       4 key mode ('', 'if_new', 'if_exists'), 5 '1' refresh the TTL of a suppressed if_new write,
--       6 version ('0' = none), 7 version epoch, 8 '1' mode with a stream, 9 stream size,
--       10 stream ttl (s), 11 meta ttl (s, '0' = keep), 12 key ttl (ms, '0' = none), 13 now (ms),
--       14 epoch to use when the channel is new, 15 Pub/Sub channel ('' = publish nothing),
--       16 result ttl (ms, '' = none),
--       17 '1' publish the key's previous entry with the change (delta), 18 most keys per channel,
--       19 protobuf Publication holding only the write time: appended (a protobuf merge) to what is
--       stored, left out of what is published
-- Returns {offset, epoch, suppress reason ('' = applied)}.
local key = ARGV[1]
local epoch = redis.call('hget', KEYS[6], 'e')
if not epoch then
  epoch = ARGV[14]
  redis.call('hset', KEYS[6], 'e', epoch, 's', '0')
  redis.call('del', KEYS[5])
end
if ARGV[11] ~= '0' then
  redis.call('expire', KEYS[6], ARGV[11])
else
  -- a read may have created it with a short TTL; written to, it lives as long as the map
  redis.call('persist', KEYS[6])
end
local top = redis.call('hget', KEYS[6], 's') or '0'
if ARGV[16] ~= '' then
  local cached = redis.call('hmget', KEYS[7], 'e', 's')
  if cached[1] then
    return {cached[2] or '0', cached[1], 'idempotency'}
  end
end
local now = tonumber(ARGV[13])
local existing = redis.call('hget', KEYS[1], key)
if existing then
  local exp = redis.call('zscore', KEYS[3], key)
  if exp and tonumber(exp) <= now then
    existing = false
  end
end
if ARGV[3] == '1' then
  if not existing then
    return {top, epoch, 'key_not_found'}
  end
else
  if ARGV[8] == '1' and ARGV[6] ~= '0' and existing then
    local v = redis.call('hget', KEYS[4], key)
    if v then
      local sep = string.find(v, ':', 1, true)
      local ver = tonumber(string.sub(v, 1, sep - 1))
      local vepoch = string.sub(v, sep + 1)
      if (ARGV[7] == '' or ARGV[7] == vepoch) and tonumber(ARGV[6]) <= ver then
        return {top, epoch, 'version'}
      end
    end
  end
  if ARGV[4] == 'if_new' and existing then
    if ARGV[5] == '1' and ARGV[12] ~= '0' then
      redis.call('zadd', KEYS[3], now + tonumber(ARGV[12]), key)
    end
    return {top, epoch, 'key_exists'}
  end
  if ARGV[4] == 'if_exists' and not existing then
    return {top, epoch, 'key_not_found'}
  end
  if not existing and redis.call('zcard', KEYS[2]) >= tonumber(ARGV[18]) then
    return redis.error_reply('map channel holds its most keys')
  end
end
local offset = top
if ARGV[8] == '1' then
  offset = tostring(redis.call('hincrby', KEYS[6], 's', 1))
  redis.call('xadd', KEYS[5], 'MAXLEN', ARGV[9], offset .. '-0', 'd', ARGV[2] .. ARGV[19])
  redis.call('expire', KEYS[5], ARGV[10])
end
local prev = ''
if existing and ARGV[17] == '1' then
  prev = string.sub(existing, string.find(existing, ':', 1, true) + 1)
end
if ARGV[3] == '1' then
  redis.call('hdel', KEYS[1], key)
  redis.call('zrem', KEYS[2], key)
  redis.call('zrem', KEYS[3], key)
  redis.call('hdel', KEYS[4], key)
else
  redis.call('hset', KEYS[1], key, offset .. ':' .. ARGV[2] .. ARGV[19])
  redis.call('zadd', KEYS[2], 0, key)
  if ARGV[12] ~= '0' then
    redis.call('zadd', KEYS[3], now + tonumber(ARGV[12]), key)
  end
  if ARGV[6] ~= '0' then
    redis.call('hset', KEYS[4], key, ARGV[6] .. ':' .. ARGV[7])
  end
end
if ARGV[15] == '' then
  -- skip_pub_sub: stored and appended, published by nobody
elseif ARGV[8] ~= '1' then
  redis.call('publish', ARGV[15], ARGV[2])
elseif prev ~= '' then
  redis.call('publish', ARGV[15], '__d1:' .. offset .. ':' .. epoch .. ':' .. #prev .. ':' .. prev .. ':'
    .. #ARGV[2] .. ':' .. ARGV[2])
else
  redis.call('publish', ARGV[15], '__p1:' .. offset .. ':' .. epoch .. '__' .. ARGV[2])
end
if ARGV[16] ~= '' then
  redis.call('hset', KEYS[7], 'e', epoch, 's', offset)
  redis.call('pexpire', KEYS[7], ARGV[16])
end
return {offset, epoch, ''}
