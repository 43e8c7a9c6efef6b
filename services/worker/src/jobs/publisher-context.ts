import { withOverrides, type Analysis, type Analyzer, type ArticleContext, type DuplicateCandidate, type Fingerprint, type ModerationPolicy } from '@moderato/analysis';
import type { ContextChange } from '@moderato/contracts';
import { TtlCache } from '@moderato/service-kit';
import {
  findArticle, findPublisher, replaceAnalysisUnlessDecided, type ArticleRecord, type PublisherRecord, type Storage, type StoredCommentForAnalysis,
} from '@moderato/storage';

/** The policy a publisher's comments are analyzed under: the analyzer's defaults with the publisher's overrides laid over. */
export function effectivePolicy(analyzer: Analyzer, publisher: PublisherRecord): ModerationPolicy {
  return withOverrides(analyzer.defaultPolicy, publisher.policy, publisher.policyVersion);
}

/** The article as the analysis sees it: the registered one, else the title the publisher sent with the comment. */
export function articleAsAnalyzed(stored: ArticleRecord | null, articleId: string, titleSent: string | undefined): ArticleContext {
  const title = stored?.title ?? titleSent;
  return { id: articleId, ...(title ? { title } : {}), ...(stored?.body ? { body: stored.body } : {}) };
}

export interface ContextCacheOptions {
  /** How long a publisher's policy or an article is used without reading it again (changes announced drop it at once). */
  ttlMs: number;
  maxEntries: number;
}

export const DEFAULT_CONTEXT_CACHE: ContextCacheOptions = { ttlMs: 5_000, maxEntries: 10_000 };

/**
 * What the analysis of a publisher's comment reads besides the comment, cached per process: the publisher's effective
 * policy (built once per policy version, not per job) and the registered articles. Writers announce changes on the
 * context-changed channel (see contracts), which drops the entry; the TTL bounds the staleness of a lost announcement.
 */
export class PublisherContexts {
  readonly #storage: Storage;
  readonly #analyzer: Analyzer;
  readonly #policies: TtlCache<ModerationPolicy | null>;
  readonly #articles: TtlCache<ArticleRecord | null>;

  constructor(storage: Storage, analyzer: Analyzer, options: ContextCacheOptions = DEFAULT_CONTEXT_CACHE) {
    this.#storage = storage;
    this.#analyzer = analyzer;
    this.#policies = new TtlCache(options);
    this.#articles = new TtlCache(options);
  }

  /** The publisher's effective policy, or null for a publisher that does not exist. */
  policy(publisherId: string): Promise<ModerationPolicy | null> {
    return this.#policies.get(publisherId, async () => {
      const publisher = await findPublisher(this.#storage, publisherId);
      return publisher ? effectivePolicy(this.#analyzer, publisher) : null;
    });
  }

  async article(publisherId: string, articleId: string, titleSent: string | undefined): Promise<ArticleContext> {
    const stored = await this.#articles.get(articleKey(publisherId, articleId), () => findArticle(this.#storage, publisherId, articleId));
    return articleAsAnalyzed(stored, articleId, titleSent);
  }

  /** Drops what a change made stale: the article named, or the publisher's policy and all its articles. */
  forget(change: ContextChange): void {
    if (change.articleId) {
      this.#articles.delete(articleKey(change.publisherId, change.articleId));
      return;
    }
    this.#policies.delete(change.publisherId);
    const prefix = articleKey(change.publisherId, '');
    this.#articles.deleteWhere((key) => key.startsWith(prefix));
  }
}

function articleKey(publisherId: string, articleId: string): string {
  return `${publisherId}\u0000${articleId}`;
}

/**
 * A stored comment analyzed again against `candidates` and written back unless a moderator has decided it meanwhile
 * (with a `comment.reanalyzed` event, of `cause`, when its outcome changed).
 */
export async function analyzeStoredAgain(
  deps: { storage: Storage; analyzer: Analyzer },
  publisherId: string,
  stored: StoredCommentForAnalysis,
  context: { policy: ModerationPolicy; article: ArticleContext; fingerprint: Fingerprint; candidates: DuplicateCandidate[]; cause: string },
): Promise<{ analysis: Analysis; replaced: boolean; eventRecorded: boolean }> {
  const { commentId, authorId, articleId, text, createdAt, language } = stored;
  const { policy, article, fingerprint, candidates, cause } = context;
  const analysis = deps.analyzer.analyze(
    { commentId, authorId, articleId, text, createdAt, ...(language ? { language } : {}) },
    { article, policy, duplicateCandidates: candidates, fingerprint },
  );
  const written = await replaceAnalysisUnlessDecided(deps.storage, publisherId, commentId, analysis, new Date(), cause);
  return { analysis, ...written };
}
