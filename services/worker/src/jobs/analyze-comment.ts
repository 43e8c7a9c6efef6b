import { ANALYZE_COMMENT_VERSION, analyzeCommentJobSchema } from '@moderato/contracts';
import { withOverrides, type Analyzer, type ArticleContext } from '@moderato/analysis';
import type { Logger } from '@moderato/service-kit';
import { findArticle, findDuplicateCandidates, findPublisher, saveAnalyzedComment, type Storage } from '@moderato/storage';
import { UnrecoverableError, type Job } from 'bullmq';

export interface ProcessorDependencies {
  storage: Storage;
  analyzer: Analyzer;
  logger: Logger;
}

export interface CommentOutcome {
  commentId: string;
  status: string;
  flags: string[];
  created: boolean;
}

/**
 * One job: load the publisher's policy and the article, fetch duplicate candidates by the comment's fingerprint (an
 * indexed lookup), run the analysis phases, store the result once. Bad payloads and unknown publishers can never succeed,
 * so they fail without retries; anything else (MongoDB down) throws and BullMQ retries with backoff.
 */
export function createCommentProcessor(deps: ProcessorDependencies) {
  return async (job: Job): Promise<CommentOutcome> => {
    const parsed = analyzeCommentJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const version = (job.data as { version?: unknown } | undefined)?.version;
      const why = version !== ANALYZE_COMMENT_VERSION ? `unsupported job version ${String(version)}` : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new UnrecoverableError(`invalid job payload: ${why}`);
    }
    const { publisherId, comment, receivedAt, webhookId } = parsed.data;
    const log = deps.logger.child({ jobId: job.id, publisherId, commentId: comment.id });

    const publisher = await findPublisher(deps.storage, publisherId);
    if (!publisher) throw new UnrecoverableError(`unknown publisher ${publisherId}`);
    const stored = await findArticle(deps.storage, publisherId, comment.article.id);
    const article: ArticleContext = {
      id: comment.article.id,
      ...(stored?.title ?? comment.article.title ? { title: stored?.title ?? comment.article.title } : {}),
      ...(stored?.body ? { body: stored.body } : {}),
    };

    const fingerprint = deps.analyzer.fingerprint(comment.text);
    const candidates = await findDuplicateCandidates(deps.storage, publisherId, comment.id, fingerprint);
    const analysis = deps.analyzer.analyze(
      { commentId: comment.id, authorId: comment.author.id, articleId: comment.article.id, text: comment.text, ...(comment.language ? { language: comment.language } : {}) },
      { article, policy: withOverrides(deps.analyzer.defaultPolicy, publisher.policy), duplicateCandidates: candidates, fingerprint },
    );

    const { created } = await saveAnalyzedComment(deps.storage, {
      publisherId,
      commentId: comment.id,
      articleId: comment.article.id,
      ...(comment.article.url ? { articleUrl: comment.article.url } : {}),
      ...(comment.article.title ? { articleTitle: comment.article.title } : {}),
      authorId: comment.author.id,
      ...(comment.author.name ? { authorName: comment.author.name } : {}),
      ...(comment.parentId ? { parentId: comment.parentId } : {}),
      text: comment.text,
      ...(comment.language ? { language: comment.language } : {}),
      ...(comment.ip ? { ip: comment.ip } : {}),
      ...(comment.userAgent ? { userAgent: comment.userAgent } : {}),
      createdAt: new Date(comment.createdAt),
      receivedAt: new Date(receivedAt),
      webhookId,
      analyzedAt: new Date(),
      analysis,
    });
    const flags = analysis.flags.map((flag) => flag.kind);
    log.info({ status: analysis.status, flags, created }, created ? 'comment analyzed' : 'comment already stored; left unchanged');
    return { commentId: comment.id, status: analysis.status, flags, created };
  };
}
