/**
 * The registry's Lua scripts. Each runs atomically in Redis, which is what the registry's guarantee rests on: of two
 * comments that share a fingerprint key, the one registered second sees the first, unless the first was released
 * (and therefore stored) before. Keys, in order: entries (hash id → candidate JSON), deadlines (sorted set id → expiry
 * ms), recheck (set of ids asked to look again), then the comment's fingerprint keys (sets of ids).
 */

/** Drops entries past their deadline (workers that died mid-job), then the shared helpers. */
const EXPIRE_STALE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', nowMs, 'LIMIT', 0, 100)
if #stale > 0 then
  redis.call('HDEL', KEYS[1], unpack(stale))
  redis.call('ZREM', KEYS[2], unpack(stale))
end
`;

/**
 * ARGV: comment id, candidate JSON, ttl ms. Adds the comment under each fingerprint key and returns the candidate
 * JSON of every other comment registered under any of them; members whose entry is gone are removed on the way.
 */
export const REGISTER_SCRIPT = `${EXPIRE_STALE}
local me = ARGV[1]
local ttl = tonumber(ARGV[3])
local found = {}
local order = {}
for i = 4, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for _, id in ipairs(members) do
    if id ~= me then
      if not found[id] then
        found[id] = {}
        order[#order + 1] = id
      end
      table.insert(found[id], KEYS[i])
    end
  end
  redis.call('SADD', KEYS[i], me)
  redis.call('PEXPIRE', KEYS[i], ttl)
end
redis.call('HSET', KEYS[1], me, ARGV[2])
redis.call('ZADD', KEYS[2], nowMs + ttl, me)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
local result = {}
if #order > 0 then
  local values = redis.call('HMGET', KEYS[1], unpack(order))
  for i, id in ipairs(order) do
    if values[i] then
      result[#result + 1] = values[i]
    else
      for _, key in ipairs(found[id]) do redis.call('SREM', key, id) end
    end
  end
end
return result
`;

/** ARGV: comment id. Removes the comment; returns 1 when another comment asked it to look again meanwhile. */
export const RELEASE_SCRIPT = `
local me = ARGV[1]
redis.call('HDEL', KEYS[1], me)
redis.call('ZREM', KEYS[2], me)
for i = 4, #KEYS do redis.call('SREM', KEYS[i], me) end
return redis.call('SREM', KEYS[3], me)
`;

/**
 * ARGV: comment id, ttl ms. Asks a registered comment to look again once it is stored (returns 1); returns 0 when it
 * is not registered, which means it was released, so it is stored and the caller can re-analyze it itself.
 */
export const ASK_RECHECK_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  redis.call('SADD', KEYS[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]))
  return 1
end
return 0
`;
