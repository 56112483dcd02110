-- Removes the keys of a map channel whose TTL passed, each as a removal change (appended to the
-- stream in modes with a stream, and published), at most a batch at a time.
-- KEYS: 1 state, 2 keys, 3 expiry, 4 versions, 5 stream, 6 stream meta
-- ARGV: 1 now (ms), 2 batch size, 3 '1' mode with a stream, 4 stream size, 5 stream ttl (s),
--       6 Pub/Sub channel ('' = publish nothing), 7 meta ttl (s, '0' = keep)
-- Returns {keys removed, expiry (ms) of the next key, or '' when none is left}.
-- The tags of a stored "<offset>:<publication>" value: its field 7 entries, copied as they are, so
-- that the removal reaches the subscribers filtering on them.
local function tags_of(stored)
  local sep = string.find(stored, ':', 1, true)
  local pb = string.sub(stored, sep + 1)
  local n, i, out = #pb, 1, {}
  local function varint()
    local v, mul = 0, 1
    while i <= n do
      local b = string.byte(pb, i)
      i = i + 1
      v = v + (b % 128) * mul
      if b < 128 then
        return v
      end
      mul = mul * 128
    end
    return v
  end
  while i <= n do
    local start = i
    local tag = varint()
    local wire = tag % 8
    if wire == 0 then
      varint()
    elseif wire == 1 then
      i = i + 8
    elseif wire == 2 then
      local len = varint()
      i = i + len
    elseif wire == 5 then
      i = i + 4
    else
      return ''
    end
    if tag == 0x3a and i <= n + 1 then
      out[#out + 1] = string.sub(pb, start, i - 1)
    end
  end
  return table.concat(out)
end

local due = redis.call('zrangebyscore', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local epoch = redis.call('hget', KEYS[6], 'e')
for i = 1, #due do
  local key = due[i]
  local existing = redis.call('hget', KEYS[1], key)
  redis.call('hdel', KEYS[1], key)
  redis.call('zrem', KEYS[2], key)
  redis.call('zrem', KEYS[3], key)
  redis.call('hdel', KEYS[4], key)
  if existing then
    -- A removal: field 11 (key, length-delimited), the entry's tags (field 7) and field 12
    -- (removed = true) of a Publication.
    local n = #key
    local len = ''
    while n >= 128 do
      len = len .. string.char(n % 128 + 128)
      n = math.floor(n / 128)
    end
    len = len .. string.char(n)
    local pub = string.char(0x5a) .. len .. key .. tags_of(existing) .. string.char(0x60, 0x01)
    if ARGV[3] == '1' and epoch then
      local offset = tostring(redis.call('hincrby', KEYS[6], 's', 1))
      redis.call('xadd', KEYS[5], 'MAXLEN', ARGV[4], offset .. '-0', 'd', pub)
      redis.call('expire', KEYS[5], ARGV[5])
      if ARGV[7] ~= '0' then
        redis.call('expire', KEYS[6], ARGV[7])
      end
      if ARGV[6] ~= '' then
        redis.call('publish', ARGV[6], '__p1:' .. offset .. ':' .. epoch .. '__' .. pub)
      end
    elseif ARGV[6] ~= '' then
      redis.call('publish', ARGV[6], pub)
    end
  end
end
local nxt = redis.call('zrange', KEYS[3], 0, 0, 'WITHSCORES')
if #nxt == 0 then
  return {#due, ''}
end
return {#due, nxt[2]}
