/**
 * The ingest's Lua scripts. Each runs atomically in Redis, so one round trip does what used to take several, and every
 * key a script touches is passed in KEYS (all in the queue's hash slot; see @moderato/contracts redis-keys).
 */
import { ADD_JOB_SCRIPTS } from '@moderato/contracts';
import { MAX_PRIORITY } from './fairness.js';

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
 * Refuses an address over its failed-authentication limit (nothing consumed), then, unless `counted` says the
 * delivery was already counted, consumes the publisher's delivery budget. Answers nil when admitted, else the
 * refusal: {1, ms} for the address, {2, ms} for a spent budget.
 */
const ADMIT = `
local function admit(failuresKey, deliveriesKey, failureLimit, deliveryLimit, windowMs, counted)
  local failures = tonumber(redis.call('GET', failuresKey) or '0')
  if failures >= tonumber(failureLimit) then
    return {1, redis.call('PTTL', failuresKey)}
  end
  if counted then return nil end
  local used, ttl = countInWindow(deliveriesKey, windowMs)
  if used > tonumber(deliveryLimit) then
    return {2, ttl}
  end
  return nil
end
`;

/** The answer stored for a webhook-id's field in the first of `count` answer buckets from KEYS[first] that has one, or false. */
const STORED_ANSWER = `
local function storedAnswer(first, count, field)
  for i = first, first + count - 1 do
    local answer = redis.call('HGET', KEYS[i], field)
    if answer then return answer end
  end
  return false
end
`;

/**
 * Admits a request that adds no comments: a delivery refused before any comment is queued (a malformed body, no
 * valid comment), whose stored answer still takes precedence, or another route's budget. KEYS: the address's failure
 * counter, the publisher's delivery counter, then the answer buckets to read (none for other routes). ARGV: failure
 * limit, delivery limit, window in ms, the webhook-id's answer field. Reply: the refusal of `admit`, else
 * {0, 0, answer or ''}.
 */
export const BEGIN_DELIVERY = `${COUNT_IN_WINDOW}${ADMIT}${STORED_ANSWER}
local refusal = admit(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
if refusal then return refusal end
return {0, 0, storedAnswer(3, #KEYS - 2, ARGV[4] or '') or ''}
`;

/** BullMQ's add scripts as local functions of ours, called with the KEYS and ARGV BullMQ prepared (see PreparedAdds). */
function bullmqAdds(adds: { standard: string; prioritized: string }): string {
  return `
local function bullmqAddStandardJob(KEYS, ARGV)
${adds.standard}
end
local function bullmqAddPrioritizedJob(KEYS, ARGV)
${adds.prioritized}
end
`;
}

/**
 * The queue priority of a comment that brings its publisher's volume to `volume`: none (0) up to `fairShare`, then
 * 1 + floor(log2(volume / fairShare)), so each doubling of a flood queues it one step further back (counted by
 * doubling, exact at every power of two), at most BullMQ's limit. `fairShare` 0 turns fairness off. The delivery
 * script counts each comment, so a batch that crosses the fair share has its first comments plain and the rest
 * prioritized.
 */
export const COMMENT_PRIORITY = `
local function commentPriority(volume, fairShare)
  if fairShare <= 0 or volume <= fairShare then return 0 end
  local steps = 0
  while steps < ${MAX_PRIORITY - 1} and fairShare * 2 ^ (steps + 1) <= volume do steps = steps + 1 end
  return 1 + steps
end
`;

/**
 * A delivery with at least one valid comment: admits it, reads its stored answer (a redelivery writes nothing more)
 * and its comments' seen marks, counts the unseen ones in the publisher's volume, adds each unseen comment's job with
 * BullMQ's own script (prioritized once the volume passes the fair share), then marks those comments seen and stores
 * the answer. A script runs whole, so no other client sees a job without its mark or a mark without its job. If an
 * add fails, the delivery stops with an error before any of its marks is written: a retry of the delivery queues the
 * comments again (an add whose job exists changes nothing).
 * KEYS: failure counter, delivery counter, volume, A answer buckets then S seen buckets to read (each newest first:
 * the first is the bucket written), then BullMQ's keys of a plain add and those of a prioritized one.
 * ARGV: [1] failure limit, [2] delivery limit, [3] window in ms, [4] the volume's time constant in ms, [5] A,
 * [6] the webhook-id's answer field, [7] the fair share (0: off), [8] the body's digest, [9] when the answer bucket
 * expires, [10] when the seen bucket expires (unix seconds), [11] per valid comment its job's number among the n jobs
 * (1-based), or 0 for a repeat in this delivery, comma-separated, [12] 1 on a delivery's first call, 0 on its second
 * (when its stored answer did not fit its body: the answer is not read again, nor the delivery counted twice), [13] n,
 * [14] and [15] how many keys BullMQ's plain and prioritized adds take, then the n jobs' seen members, then for each
 * job the three arguments BullMQ prepared for its add (the third, its packed options, gains the priority).
 * Reply: a refusal of `admit`; {0, 0, answer, {seen flags}} for a redelivery; {0, 0, '', {seen flags}} once added;
 * an error reply if an add failed.
 */
const DELIVER = `
local function deliver(KEYS, ARGV)
  local firstCall = ARGV[12] == '1'
  local refusal = admit(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], not firstCall)
  if refusal then return refusal end
  local answerBuckets = tonumber(ARGV[5])
  local n, standardKeyCount, prioritizedKeyCount = tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
  local firstBullmqKey = #KEYS - standardKeyCount - prioritizedKeyCount + 1
  local seenFrom, seenTo = 4 + answerBuckets, firstBullmqKey - 1
  -- The ARGV index before the first seen member and before the first add's arguments.
  local membersAt, addsAt = 15, 15 + n
  local seen = {}
  for i = 1, n do seen[i] = 0 end
  for k = seenFrom, seenTo do
    local flags = redis.call('SMISMEMBER', KEYS[k], unpack(ARGV, membersAt + 1, membersAt + n))
    for i = 1, n do
      if flags[i] == 1 then seen[i] = 1 end
    end
  end
  if firstCall then
    local answer = storedAnswer(4, answerBuckets, ARGV[6])
    if answer then return {0, 0, answer, seen} end
  end
  local fresh = 0
  for i = 1, n do fresh = fresh + 1 - seen[i] end
  local volume = addVolume(KEYS[3], fresh, tonumber(ARGV[4]))
  local standardKeys = {unpack(KEYS, firstBullmqKey, firstBullmqKey + standardKeyCount - 1)}
  local prioritizedKeys = {unpack(KEYS, firstBullmqKey + standardKeyCount, #KEYS)}
  local fairShare = tonumber(ARGV[7])
  local added = {}
  for i = 1, n do
    if seen[i] == 0 then
      local at = addsAt + 3 * (i - 1)
      local priority = commentPriority(volume + #added + 1, fairShare)
      local reply
      if priority > 0 then
        local options = cmsgpack.unpack(ARGV[at + 3])
        options['priority'] = priority
        reply = bullmqAddPrioritizedJob(prioritizedKeys, {ARGV[at + 1], ARGV[at + 2], cmsgpack.pack(options)})
      else
        reply = bullmqAddStandardJob(standardKeys, {ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]})
      end
      if type(reply) == 'number' and reply < 0 then
        return redis.error_reply('BullMQ refused the add of job ' .. i .. ' of the delivery (' .. reply .. '); nothing was marked seen')
      end
      added[#added + 1] = ARGV[membersAt + i]
    end
  end
  if #added > 0 then
    redis.call('SADD', KEYS[seenFrom], unpack(added))
    redis.call('EXPIREAT', KEYS[seenFrom], ARGV[10])
  end
  local letters = {}
  for number in string.gmatch(ARGV[11], '%d+') do
    local job = tonumber(number)
    letters[#letters + 1] = (job > 0 and seen[job] == 0) and 'q' or 'd'
  end
  redis.call('HSET', KEYS[4], ARGV[6], ARGV[8] .. ' ' .. table.concat(letters))
  redis.call('EXPIREAT', KEYS[4], ARGV[9])
  return {0, 0, '', seen}
end
`;

/**
 * Deliveries that met, in one round trip: each runs DELIVER in turn, with its own slice of KEYS and ARGV, and gets its
 * own reply, so one delivery's refusal or failure leaves the others as they would be alone. A delivery stopped by an
 * error Redis raises (a key of the wrong type, memory full) is answered that error; what it wrote before the error
 * stays, as it would alone: jobs added without their marks, which its retry finds and adds over (an add whose job
 * exists changes nothing). ARGV: [1] the number of deliveries, then per delivery its key count, its argument count
 * and its arguments; KEYS: the deliveries' keys in the same order. Reply: the deliveries' replies, in order.
 */
export function deliverGroupScript(adds: { standard: string; prioritized: string }): string {
  return `${COUNT_IN_WINDOW}${ADD_VOLUME}${ADMIT}${STORED_ANSWER}${COMMENT_PRIORITY}${bullmqAdds(adds)}${DELIVER}
local replies = {}
local keysBefore, argsBefore = 0, 1
for d = 1, tonumber(ARGV[1]) do
  local keyCount, argCount = tonumber(ARGV[argsBefore + 1]), tonumber(ARGV[argsBefore + 2])
  local keys = {unpack(KEYS, keysBefore + 1, keysBefore + keyCount)}
  local args = {unpack(ARGV, argsBefore + 3, argsBefore + 2 + argCount)}
  local ok, reply = pcall(deliver, keys, args)
  if ok then
    replies[d] = reply
  else
    replies[d] = redis.error_reply(type(reply) == 'table' and reply.err or tostring(reply))
  end
  keysBefore, argsBefore = keysBefore + keyCount, argsBefore + 2 + argCount
end
return replies
`;
}

/** A failed authentication. KEYS: the address's counter. ARGV: window in ms. Reply: {failures this window, ms left}. */
export const COUNT_FAILURE = `${COUNT_IN_WINDOW}
local used, ttl = countInWindow(KEYS[1], ARGV[1])
return {used, ttl}
`;

/** The names the scripts are defined under on the queue's client (beside BullMQ's own `addJob:<version>` and so on). */
export const INGEST_COMMANDS = {
  begin: 'moderatoIngestBegin',
  deliverGroup: 'moderatoIngestDeliverGroup',
  countFailure: 'moderatoIngestCountFailure',
} as const;

export const INGEST_SCRIPTS: Record<(typeof INGEST_COMMANDS)[keyof typeof INGEST_COMMANDS], string> = {
  [INGEST_COMMANDS.begin]: BEGIN_DELIVERY,
  [INGEST_COMMANDS.deliverGroup]: deliverGroupScript(ADD_JOB_SCRIPTS),
  [INGEST_COMMANDS.countFailure]: COUNT_FAILURE,
};
