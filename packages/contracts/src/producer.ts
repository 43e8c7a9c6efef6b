import { Job, type IRedisTransaction, type JobsOptions, type Queue } from 'bullmq';
import { ANALYZE_COMMENT_JOB, commentJobId, commentJobOptions, type AnalyzeCommentJob } from './queue.js';

export type CommentQueue = Queue<AnalyzeCommentJob, unknown, typeof ANALYZE_COMMENT_JOB>;

export interface EnqueueOptions {
  /**
   * A MULTI from the queue's own client (`(await queue.getBackend().client).multi()`): the adds are only queued on it,
   * so they run atomically with the caller's other commands; the caller executes it and must check each add's reply.
   */
  transaction?: IRedisTransaction;
  /**
   * `priorities[i]`, when above 0, is BullMQ's priority for `jobs[i]`: such jobs are taken after every job without one,
   * lowest number first (the ingest's fairness between publishers); 0 or none adds a plain job.
   */
  priorities?: readonly number[];
  /** `jobIds[i]` is `commentJobId` of `jobs[i]`, when the caller computed it already (a hash per comment saved). */
  jobIds?: readonly string[];
}

/**
 * Adds one job per comment with deterministic ids; returns the job ids in input order. The jobs are the same with or
 * without a transaction: BullMQ's `addBulk` builds exactly these Job objects (the queue's default job options under
 * the comment's) and adds each with `addJob` on one pipeline.
 */
export async function enqueueComments(queue: CommentQueue, jobs: AnalyzeCommentJob[], options: EnqueueOptions = {}): Promise<string[]> {
  const { transaction, priorities = [], jobIds = [] } = options;
  const specs = jobs.map((data, i) => ({
    name: ANALYZE_COMMENT_JOB as typeof ANALYZE_COMMENT_JOB,
    data,
    opts: { ...commentJobOptions, ...priorityOption(priorities[i]), jobId: jobIds[i] ?? commentJobId(data.publisherId, data.comment.id) },
  }));
  if (!transaction) {
    const added = await queue.addBulk(specs);
    return added.map((job) => job.id ?? '');
  }
  // On a transaction the replies only exist once it is executed; what these promises resolve to is meaningless, but
  // awaiting them surfaces an add that could not even be queued.
  await Promise.all(specs.map((spec) => {
    const opts: JobsOptions = { ...queue.defaultJobOptions, ...spec.opts };
    return new Job(queue, spec.name, spec.data, opts, opts.jobId).addJob(transaction);
  }));
  return specs.map((spec) => spec.opts.jobId);
}

function priorityOption(priority: number | undefined): Pick<JobsOptions, 'priority'> {
  return priority && priority > 0 ? { priority } : {};
}
