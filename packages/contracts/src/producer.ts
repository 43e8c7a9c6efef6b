import type { Queue } from 'bullmq';
import { ANALYZE_COMMENT_JOB, commentJobId, commentJobOptions, type AnalyzeCommentJob } from './queue.js';

export type CommentQueue = Queue<AnalyzeCommentJob, unknown, typeof ANALYZE_COMMENT_JOB>;

/** Adds one job per comment with deterministic ids; returns the job ids in input order. */
export async function enqueueComments(queue: CommentQueue, jobs: AnalyzeCommentJob[]): Promise<string[]> {
  const added = await queue.addBulk(
    jobs.map((data) => ({
      name: ANALYZE_COMMENT_JOB,
      data,
      opts: { ...commentJobOptions, jobId: commentJobId(data.publisherId, data.comment.id) },
    })),
  );
  return added.map((job) => job.id ?? '');
}
