-- Reads a map channel's position and, when asked, a page of its state or a range of its stream.
-- KEYS: 1 state, 2 keys, 3 expiry, 4 stream, 5 stream meta
-- ARGV: 1 'state', 'stream', 'key', 'count' or 'top', 2 state: cursor (last key of the previous
--       page, '' = start); stream: first offset wanted; key: the key, 3 limit (state: at least 1; stream: 0 = all), 4 now (ms),
--       5 epoch to use when the channel is new, 6 meta ttl (s, '0' = keep), 7 meta ttl (s) of a
--       channel a read creates (nothing written yet) when 6 is '0'
-- Returns {top offset, epoch, entries, next cursor}: state entries (and the one entry of 'key')
-- are "<offset>:<publication>" values, stream entries are {offset, publication} pairs; 'count'
-- answers the number of live keys in place of the cursor.
local epoch = redis.call('hget', KEYS[5], 'e')
if not epoch then
  epoch = ARGV[5]
  redis.call('hset', KEYS[5], 'e', epoch, 's', '0')
  redis.call('del', KEYS[4])
  if ARGV[6] == '0' then
    redis.call('expire', KEYS[5], ARGV[7])
  end
end
if ARGV[6] ~= '0' then
  redis.call('expire', KEYS[5], ARGV[6])
end
local top = redis.call('hget', KEYS[5], 's') or '0'
local out = {}
local cursor = ''
if ARGV[1] == 'state' then
  local from = '-'
  if ARGV[2] ~= '' then
    from = '(' .. ARGV[2]
  end
  local limit = tonumber(ARGV[3])
  local now = tonumber(ARGV[4])
  local names = redis.call('zrangebylex', KEYS[2], from, '+', 'LIMIT', 0, limit + 1)
  local last = ''
  for i = 1, math.min(#names, limit) do
    local k = names[i]
    local exp = redis.call('zscore', KEYS[3], k)
    if not exp or tonumber(exp) > now then
      local v = redis.call('hget', KEYS[1], k)
      if v then
        out[#out + 1] = v
      end
    end
    last = k
  end
  if #names > limit then
    cursor = last
  end
elseif ARGV[1] == 'key' then
  local v = redis.call('hget', KEYS[1], ARGV[2])
  if v then
    local exp = redis.call('zscore', KEYS[3], ARGV[2])
    if not exp or tonumber(exp) > tonumber(ARGV[4]) then
      out[1] = v
    end
  end
elseif ARGV[1] == 'count' then
  local due = redis.call('zcount', KEYS[3], '-inf', ARGV[4])
  cursor = tostring(redis.call('zcard', KEYS[2]) - due)
elseif ARGV[1] == 'stream' then
  local entries
  if tonumber(ARGV[3]) > 0 then
    entries = redis.call('xrange', KEYS[4], ARGV[2], '+', 'COUNT', ARGV[3])
  else
    entries = redis.call('xrange', KEYS[4], ARGV[2], '+')
  end
  for i = 1, #entries do
    out[#out + 1] = {entries[i][1], entries[i][2][2]}
  end
end
return {top, epoch, out, cursor}
