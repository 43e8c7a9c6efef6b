/**
 * The ingest's Lua scripts. Each runs atomically in Redis, so one round trip does what used to take several, and every
 * key a script touches is passed in KEYS (all in the queue's hash slot; see @moderato/contracts redis-keys).
 */

/** Fixed-window counter (INCR, window set on first use); also repairs a counter that somehow lost its expiry. */
const COUNT_IN_WINDOW = `
local function countInWindow(key, windowMs)
  local used = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if used == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, windowMs)
    ttl = tonumber(windowMs)
  end
  return used, ttl
end
`;

/**
 * The publisher's comment volume: comments counted with exponential decay (time constant `windowMs`), so a steady
 * rate of r comments a minute settles at r for a one-minute constant, with no window edge at which a flood's count
 * drops to zero. Stored as a hash { volume, at } on Redis's clock, which every ingest instance shares. Adds `added`
 * and returns the volume before it, rounded.
 */
const ADD_VOLUME = `
local function addVolume(key, added, windowMs)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local state = redis.call('HMGET', key, 'volume', 'at')
  local volume = tonumber(state[1]) or 0
  local elapsed = math.max(0, now - (tonumber(state[2]) or now))
  volume = volume * math.exp(-elapsed / windowMs)
  redis.call('HSET', key, 'volume', tostring(volume + added), 'at', now)
  redis.call('PEXPIRE', key, 10 * windowMs)
  return math.floor(volume + 0.5)
end
`;

/**
 * Round trip 1 of a delivery. KEYS: auth-failure counter of the client address, the publisher's delivery counter,
 * then optionally the publisher's comment volume, the answer buckets and the seen buckets to read (dedupe-window.ts).
 * ARGV: failure limit, delivery limit, window in ms, the volume's time constant in ms, the number of answer buckets,
 * the webhook-id's answer field, then the comments' seen members.
 * Reply: {0, 0, answer or '', {seen flags}, volume} when admitted, where volume is the publisher's comment volume
 * before this delivery's unseen comments were added to it; {1, ms} when the address failed authentication too often
 * this window (nothing consumed); {2, ms} when the publisher's budget is spent. A redelivery (stored answer) adds
 * nothing to the volume; its seen flags are still read, for an answer that no longer fits the body's comments.
 */
export const BEGIN_DELIVERY = `${COUNT_IN_WINDOW}${ADD_VOLUME}
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
if failures >= tonumber(ARGV[1]) then
  return {1, redis.call('PTTL', KEYS[1])}
end
local used, ttl = countInWindow(KEYS[2], ARGV[3])
if used > tonumber(ARGV[2]) then
  return {2, ttl}
end
if #KEYS < 3 then
  return {0, 0, '', {}}
end
local answerBuckets = tonumber(ARGV[5])
local answer = false
for i = 4, 3 + answerBuckets do
  answer = redis.call('HGET', KEYS[i], ARGV[6])
  if answer then break end
end
local n = #ARGV - 6
local seen = {}
for i = 1, n do seen[i] = 0 end
if n > 0 then
  for k = 4 + answerBuckets, #KEYS do
    local flags = redis.call('SMISMEMBER', KEYS[k], unpack(ARGV, 7, #ARGV))
    for i = 1, n do
      if flags[i] == 1 then seen[i] = 1 end
    end
  end
end
if answer then
  return {0, 0, answer, seen}
end
local fresh = 0
for i = 1, n do fresh = fresh + 1 - seen[i] end
return {0, 0, '', seen, addVolume(KEYS[3], fresh, tonumber(ARGV[4]))}
`;

/**
 * Runs inside the MULTI of round trip 2, after BullMQ's adds. KEYS: the current answer bucket, then n job hashes,
 * then the current seen bucket. ARGV: n, the webhook-id's answer field, the answer, when the answer bucket expires,
 * when the seen bucket expires (unix seconds), then the n comments' seen members. Marks the comments seen and stores
 * the answer only if every job exists: a MULTI does not roll back, so an add that failed (a script missing after a
 * failover, an out-of-memory refusal) must not leave its comment marked seen. Reply 1 when committed, 0 when nothing
 * was written.
 */
export const COMMIT_DELIVERY = `
local n = tonumber(ARGV[1])
for i = 2, n + 1 do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    return 0
  end
end
if n > 0 then
  redis.call('SADD', KEYS[n + 2], unpack(ARGV, 6, 5 + n))
  redis.call('EXPIREAT', KEYS[n + 2], ARGV[5])
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIREAT', KEYS[1], ARGV[4])
return 1
`;

/** A failed authentication. KEYS: the address's counter. ARGV: window in ms. Reply: {failures this window, ms left}. */
export const COUNT_FAILURE = `${COUNT_IN_WINDOW}
local used, ttl = countInWindow(KEYS[1], ARGV[1])
return {used, ttl}
`;

/** The names the scripts are defined under on the queue's client (beside BullMQ's own `addJob:<version>` and so on). */
export const INGEST_COMMANDS = {
  begin: 'moderatoIngestBegin',
  commit: 'moderatoIngestCommit',
  countFailure: 'moderatoIngestCountFailure',
} as const;

export const INGEST_SCRIPTS: Record<(typeof INGEST_COMMANDS)[keyof typeof INGEST_COMMANDS], string> = {
  [INGEST_COMMANDS.begin]: BEGIN_DELIVERY,
  [INGEST_COMMANDS.commit]: COMMIT_DELIVERY,
  [INGEST_COMMANDS.countFailure]: COUNT_FAILURE,
};
