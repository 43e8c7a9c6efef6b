import { createRequire } from 'node:module';
import { Job, type JobsOptions, type Queue, type RedisClient } from 'bullmq';
import { ANALYZE_COMMENT_JOB, commentJobId, commentJobOptions, type AnalyzeCommentJob } from './queue.js';

export type CommentQueue = Queue<AnalyzeCommentJob, unknown, typeof ANALYZE_COMMENT_JOB>;

export interface EnqueueOptions {
  /** `jobIds[i]` is `commentJobId` of `jobs[i]`, when the caller computed it already (a hash per comment saved). */
  jobIds?: readonly string[];
}

/** Adds one job per comment with deterministic ids; returns the job ids in input order. */
export async function enqueueComments(queue: CommentQueue, jobs: AnalyzeCommentJob[], options: EnqueueOptions = {}): Promise<string[]> {
  const added = await queue.addBulk(jobs.map((data, i) => ({ name: ANALYZE_COMMENT_JOB, data, opts: jobOptions(data, options.jobIds?.[i]) })));
  return added.map((job) => job.id ?? '');
}

/**
 * BullMQ's add of each comment's job, prepared but not sent, for a producer that runs the adds inside a Lua script
 * of its own (the ingest admits, adds and marks a delivery in one script). The arguments are exactly what
 * `queue.addBulk` would send, as BullMQ itself built them; a job is added with `ADD_JOB_SCRIPTS.standard` on
 * `standardKeys` and `args`, or with `ADD_JOB_SCRIPTS.prioritized` on `prioritizedKeys` and `args` whose packed
 * options have gained a `priority` (BullMQ's two scripts for a job without delay or parent).
 */
export interface PreparedAdds {
  standardKeys: string[];
  prioritizedKeys: string[];
  /** Per job: BullMQ's packed arguments, the job data as JSON, the packed job options. */
  args: Array<[packedArgs: Buffer, data: string, packedOptions: Buffer]>;
}

/** The two add scripts of the installed BullMQ, the same version that builds `PreparedAdds` (see `prepareCommentAdds`). */
const BULLMQ_ADDS = loadAddScripts();
export const ADD_JOB_SCRIPTS: { standard: string; prioritized: string } = { standard: BULLMQ_ADDS.addStandardJob.content, prioritized: BULLMQ_ADDS.addPrioritizedJob.content };

/** Prepares the adds of `jobs` (ids as `enqueueComments` gives them) without touching Redis. */
export async function prepareCommentAdds(queue: CommentQueue, jobs: AnalyzeCommentJob[], jobIds?: readonly string[]): Promise<PreparedAdds> {
  if (jobs.length === 0) throw new Error('prepareCommentAdds needs at least one job');
  const [keys, captured] = await Promise.all([addKeysOf(queue, jobs[0]!), Promise.all(jobs.map((data, i) => captureAdd(queue, data, jobOptions(data, jobIds?.[i]), 'addStandardJob')))]);
  return { ...keys, args: captured.map(({ args }) => args) };
}

function jobOptions(data: AnalyzeCommentJob, jobId?: string): JobsOptions & { jobId: string } {
  return { ...commentJobOptions, jobId: jobId ?? commentJobId(data.publisherId, data.comment.id) };
}

const addKeys = new WeakMap<CommentQueue, Promise<Pick<PreparedAdds, 'standardKeys' | 'prioritizedKeys'>>>();

/** The keys of both adds, which depend on the queue alone: captured once per queue, with any job as the sample. */
function addKeysOf(queue: CommentQueue, sample: AnalyzeCommentJob): Promise<Pick<PreparedAdds, 'standardKeys' | 'prioritizedKeys'>> {
  let keys = addKeys.get(queue);
  if (!keys) {
    keys = Promise.all([
      captureAdd(queue, sample, jobOptions(sample), 'addStandardJob'),
      captureAdd(queue, sample, { ...jobOptions(sample), priority: 1 }, 'addPrioritizedJob'),
    ]).then(([standard, prioritized]) => ({ standardKeys: standard.keys, prioritizedKeys: prioritized.keys }));
    addKeys.set(queue, keys);
  }
  return keys;
}

/**
 * Runs BullMQ's own `Job.addJob` against a client that records the script call instead of sending it: the keys and
 * arguments are then BullMQ's, built with the queue's default job options under the comment's, as `addBulk` builds them.
 */
async function captureAdd(queue: CommentQueue, data: AnalyzeCommentJob, opts: JobsOptions & { jobId: string }, script: 'addStandardJob' | 'addPrioritizedJob') {
  let call: { command: string; argv: Array<string | Buffer> } | undefined;
  const recorder = {
    runCommand(command: string, argv: Array<string | Buffer>) {
      call = { command, argv };
      return Promise.resolve(opts.jobId);
    },
  };
  await new Job(queue, ANALYZE_COMMENT_JOB, data, { ...queue.defaultJobOptions, ...opts }, opts.jobId).addJob(recorder as unknown as RedisClient);
  // A job option that made BullMQ pick another script (a delay, a parent) would need that script in the caller's Lua.
  if (!call || !call.command.startsWith(`${script}:`)) throw new Error(`BullMQ prepared "${call?.command}" where ${script} was expected`);
  // Split where BullMQ's script says its keys end, and refuse a shape the delivery script does not know: a BullMQ
  // upgrade that changed it fails the first delivery with this message instead of adding malformed jobs.
  const keyCount = BULLMQ_ADDS[script].keys;
  if (call.argv.length !== keyCount + 3) throw new Error(`BullMQ's ${script} now takes ${call.argv.length - keyCount} arguments after its ${keyCount} keys, not 3`);
  return { keys: call.argv.slice(0, keyCount) as string[], args: call.argv.slice(keyCount) as [Buffer, string, Buffer] };
}

type BullmqScript = { content: string; keys: number };

/** The installed BullMQ's two add scripts: their source and how many keys each declares (its arguments follow). */
function loadAddScripts(): Record<'addStandardJob' | 'addPrioritizedJob', BullmqScript> {
  // BullMQ publishes its scripts' source beside its classes; reading them from the installed package keeps the
  // scripts and the arguments `captureAdd` records at one version.
  const scripts = createRequire(import.meta.url)('bullmq/dist/cjs/scripts/index.js') as Record<string, BullmqScript | undefined>;
  const { addStandardJob, addPrioritizedJob } = scripts;
  if (!addStandardJob?.content || !addPrioritizedJob?.content) throw new Error('the installed BullMQ does not publish its addStandardJob and addPrioritizedJob scripts');
  return { addStandardJob, addPrioritizedJob };
}
