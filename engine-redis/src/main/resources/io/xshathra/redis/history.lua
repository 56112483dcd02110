-- Reads a channel's stream top and, when asked, a range of its publications.
-- KEYS: 1 stream, 2 stream meta. ARGV: 1 include publications (0/1), 2 range start id,
--       3 limit (0 = all), 4 reverse (0/1), 5 meta ttl (s, 0 = keep), 6 epoch for a new stream,
--       7 meta ttl (s) of a stream that never had a publication: the shorter of it and 5 applies
-- Returns {top offset, epoch, entries}.
local meta = redis.call('hmget', KEYS[2], 'e', 's')
local epoch = meta[1]
local top = meta[2] or '0'
if not epoch then
  epoch = ARGV[6]
  top = '0'
  redis.call('del', KEYS[1])
  redis.call('hset', KEYS[2], 'e', epoch)
end
local ttl = ARGV[5]
if top == '0' and (ttl == '0' or tonumber(ARGV[7]) < tonumber(ttl)) then
  -- only an epoch: kept while readers (subscribers' position checks) keep coming
  ttl = ARGV[7]
end
if ttl ~= '0' then
  redis.call('expire', KEYS[2], ttl)
end
local entries = {}
if ARGV[1] == '1' then
  local cmd, stop = 'xrange', '+'
  if ARGV[4] == '1' then
    cmd, stop = 'xrevrange', '-'
  end
  if ARGV[3] ~= '0' then
    entries = redis.call(cmd, KEYS[1], ARGV[2], stop, 'COUNT', ARGV[3])
  else
    entries = redis.call(cmd, KEYS[1], ARGV[2], stop)
  end
end
return {top, epoch, entries}
