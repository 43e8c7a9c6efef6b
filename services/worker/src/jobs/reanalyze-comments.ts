import type { ArticleContext, ModerationPolicy } from '@moderato/analysis';
import {
  REANALYZE_COMMENTS_VERSION, reanalyzeCommentsJobSchema, reanalyzeProgressSchema, type ReanalyzeCommentsJob, type ReanalyzeFilter, type ReanalyzeProgress,
} from '@moderato/contracts';
import type { Logger } from '@moderato/service-kit';
import {
  countUndecidedForReanalysis, findPublisher, listUndecidedForReanalysis,
  type ReanalysisFilter, type StoredCommentForAnalysis,
} from '@moderato/storage';
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { ProcessorDependencies } from './analyze-comment.js';
import { lookUpRegistered, releaseRegistered } from './near-copies.js';
import { analyzeStoredAgain, effectivePolicy } from './publisher-context.js';

/** Comments per page: progress is saved after each, so a retry repeats at most one page. */
export const REANALYZE_PAGE_SIZE = 200;

/** The `cause` of the `comment.reanalyzed` events this job records. */
export const POLICY_CHANGE_CAUSE = 'policy_change';

// Re-analysis replaces stored analyses; it never stores new comments.
export interface ReanalyzeDependencies extends Omit<ProcessorDependencies, 'comments'> {
  pageSize?: number;
}

/** What a finished job returns: its final counts. */
export type ReanalyzeOutcome = Omit<ReanalyzeProgress, 'after'>;

type CommentResult = 'changed' | 'unchanged' | 'decided';
type PageTally = Record<'processed' | 'changed' | 'skippedDecided', number>;

/**
 * One job: the publisher's undecided comments in the filter, page by page, each analyzed again under the publisher's
 * current policy and written through `replaceAnalysisUnlessDecided` (never over a moderator's decision; an event
 * when the outcome changed). Progress, with the position the last page ended at, is saved after every page: a
 * retried attempt continues from there. A worker that is stopping hands the job back between pages.
 */
export function createReanalyzeProcessor(deps: ReanalyzeDependencies) {
  const pageSize = deps.pageSize ?? REANALYZE_PAGE_SIZE;
  // Three parameters: BullMQ passes the abort signal only to processors that declare it.
  return async (job: Job, token?: string, signal?: AbortSignal): Promise<ReanalyzeOutcome> => {
    const { publisherId, requestedBy, filter } = parsePayload(job.data);
    const log = deps.logger.child({ jobId: job.id, publisherId });
    const range = storageFilter(filter);
    let progress = savedProgress(job.progress);
    if (progress?.after) {
      log.info({ ...countsOf(progress), after: progress.after }, 're-analysis continues after the last finished page');
    } else {
      progress = { total: await countUndecidedForReanalysis(deps.storage, publisherId, range), processed: 0, changed: 0, skippedDecided: 0 };
      await job.updateProgress(progress);
      log.info({ requestedBy, filter, total: progress.total }, 're-analysis started');
    }
    for (;;) {
      if (signal?.aborted) await handBack(job, token, log);
      // Read for every page: a policy changed again meanwhile applies to the rest at once.
      const policy = await currentPolicy(deps, publisherId);
      const page = await listUndecidedForReanalysis(deps.storage, publisherId, range, { limit: pageSize, ...(progress.after && { after: positionOf(progress.after) }) });
      const tally = await reanalyzePage(deps, publisherId, page.comments, policy);
      // Tell the relay at once, not at the job's end, so publishers hear of a long job's changes as they happen.
      if (tally.changed > 0) deps.announceEvents(publisherId);
      progress = advanced(progress, tally, page.comments.at(-1));
      await job.updateProgress(progress);
      log.debug({ ...countsOf(progress), policyVersion: policy.version }, 're-analysis page done');
      if (!page.next) break;
    }
    log.info(countsOf(progress), 're-analysis finished');
    return countsOf(progress);
  };
}

function parsePayload(data: unknown): ReanalyzeCommentsJob {
  const parsed = reanalyzeCommentsJobSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const version = (data as { version?: unknown } | undefined)?.version;
  const why = version !== REANALYZE_COMMENTS_VERSION ? `unsupported job version ${String(version)}` : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new UnrecoverableError(`invalid job payload: ${why}`);
}

function storageFilter(filter: ReanalyzeFilter): ReanalysisFilter {
  return {
    ...(filter.articleId !== undefined && { articleId: filter.articleId }),
    ...(filter.from !== undefined && { from: new Date(filter.from) }),
    ...(filter.to !== undefined && { to: new Date(filter.to) }),
  };
}

/** The progress an earlier attempt saved, or null on a first attempt (BullMQ starts progress at 0). */
function savedProgress(progress: unknown): ReanalyzeProgress | null {
  const parsed = reanalyzeProgressSchema.safeParse(progress);
  return parsed.success ? parsed.data : null;
}

function countsOf({ total, processed, changed, skippedDecided }: ReanalyzeProgress): ReanalyzeOutcome {
  return { total, processed, changed, skippedDecided };
}

function positionOf(after: NonNullable<ReanalyzeProgress['after']>) {
  return { createdAt: new Date(after.createdAt), commentId: after.commentId };
}

/** The counts after a page, and the page's last comment as the position to continue after. */
function advanced(progress: ReanalyzeProgress, tally: PageTally, last: StoredCommentForAnalysis | undefined): ReanalyzeProgress {
  const processed = progress.processed + tally.processed;
  return {
    // Comments created in the range while the job runs are analyzed too: the total grows rather than being overrun.
    total: Math.max(progress.total, processed),
    processed,
    changed: progress.changed + tally.changed,
    skippedDecided: progress.skippedDecided + tally.skippedDecided,
    after: last ? { createdAt: last.createdAt.toISOString(), commentId: last.commentId } : progress.after,
  };
}

/** Puts the job back in the queue with its progress, without spending an attempt, for this or another worker to continue. */
async function handBack(job: Job, token: string | undefined, log: Logger): Promise<never> {
  await job.moveToWait(token);
  log.info('re-analysis handed back to the queue: the worker is stopping');
  throw new WaitingError();
}

async function currentPolicy(deps: ReanalyzeDependencies, publisherId: string): Promise<ModerationPolicy> {
  const publisher = await findPublisher(deps.storage, publisherId);
  if (!publisher) throw new UnrecoverableError(`unknown publisher ${publisherId}`);
  return effectivePolicy(deps.analyzer, publisher);
}

async function reanalyzePage(deps: ReanalyzeDependencies, publisherId: string, comments: StoredCommentForAnalysis[], policy: ModerationPolicy): Promise<PageTally> {
  const articles = new Map<string, Promise<ArticleContext>>();
  const articleOf = (comment: StoredCommentForAnalysis): Promise<ArticleContext> => {
    let article = articles.get(comment.articleId);
    if (!article) articles.set(comment.articleId, (article = deps.contexts.article(publisherId, comment.articleId, comment.articleTitle)));
    return article;
  };
  const tally: PageTally = { processed: 0, changed: 0, skippedDecided: 0 };
  for (const comment of comments) {
    const result = await reanalyzeComment(deps, publisherId, comment, policy, await articleOf(comment));
    tally.processed += 1;
    if (result === 'changed') tally.changed += 1;
    if (result === 'decided') tally.skippedDecided += 1;
  }
  return tally;
}

/**
 * Registered as a new comment is (see near-copies.ts), so a near-copy being stored at the same time either is seen
 * here or sees this comment, and asks it to look again when it is the original.
 */
async function reanalyzeComment(
  deps: ReanalyzeDependencies, publisherId: string, stored: StoredCommentForAnalysis, policy: ModerationPolicy, article: ArticleContext,
): Promise<CommentResult> {
  // The current analyzer's fingerprint, as a new comment gets (the stored one unless the analysis version changed).
  const fingerprint = deps.analyzer.fingerprint(stored.text);
  const registered = { commentId: stored.commentId, authorId: stored.authorId, articleId: stored.articleId, createdAt: stored.createdAt, fingerprint };
  const { candidates } = await lookUpRegistered(deps, publisherId, registered);
  const { replaced, eventRecorded } = await analyzeStoredAgain(deps, publisherId, stored, { policy, article, fingerprint, candidates, cause: POLICY_CHANGE_CAUSE });
  await releaseRegistered(deps, publisherId, registered, policy, deps.logger.child({ publisherId, commentId: stored.commentId }));
  if (!replaced) return 'decided';
  return eventRecorded ? 'changed' : 'unchanged';
}
