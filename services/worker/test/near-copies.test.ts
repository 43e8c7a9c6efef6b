import { createAnalyzer, loadModels, type Analyzer } from '@moderato/analysis';
import { provisionPublisher } from '@moderato/cli';
import type { AnalyzeCommentJob } from '@moderato/contracts';
import { DuplicateRegistry } from '@moderato/duplicate-registry';
import { startMongoDouble, type MongoDoubleServer } from '@moderato/mongo-double';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, createCandidateFinder, createCommentWriter, openStorage, saveAnalyzedComment, type Storage } from '@moderato/storage';
import { sharedRedis, uniqueName } from '@moderato/testkit';
import type { Job } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { buildComment } from '../../../test/support/fixtures.js';
import { createCommentProcessor, type ProcessorDependencies } from '../src/jobs/analyze-comment.js';
import { lookUpRegistered, releaseRegistered } from '../src/jobs/near-copies.js';
import { PublisherContexts } from '../src/jobs/publisher-context.js';

const TEXT = 'The bypass through the old quarter must be stopped before the council votes on it next week';

/**
 * The lock-free protocol step by step, with the interleavings a burst produces: a later-posted copy that looked up
 * before its original was stored, and is stored after it (the original must tell it), or before it.
 */
describe('near-copies processed at the same time (registry protocol)', function () {
  this.timeout(30_000);
  let mongo: MongoDoubleServer;
  let storage: Storage;
  let redis: Redis;
  let analyzer: Analyzer;
  let deps: ProcessorDependencies;
  let publisherId: string;

  before(async () => {
    mongo = await startMongoDouble();
    storage = await openStorage(`${mongo.uri}moderato`);
    redis = new Redis((await sharedRedis()).url);
    analyzer = createAnalyzer(loadModels());
  });
  beforeEach(async () => {
    publisherId = uniqueName('near-copies');
    await provisionPublisher(storage, publisherId);
    const contexts = new PublisherContexts(storage, analyzer);
    deps = { storage, analyzer, logger: silentLogger(), contexts, registry: new DuplicateRegistry(redis, uniqueName('near-copies')), announceEvents: () => {},
      comments: createCommentWriter(storage), candidates: createCandidateFinder(storage) };
  });
  after(async () => {
    redis.disconnect();
    await closeStorage(storage);
    await mongo?.close();
  });

  const job = (id: string, minute: number): AnalyzeCommentJob => ({
    version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_${id}`,
    comment: buildComment({ id, text: `${TEXT}${'!'.repeat(minute)}`, createdAt: new Date(Date.UTC(2025, 10, 5, 12, minute)).toISOString() }),
  });
  const run = (data: AnalyzeCommentJob) => createCommentProcessor(deps)({ id: data.comment.id, data } as Job);
  const stored = (commentId: string) => storage.models.comments.findOne({ publisherId, commentId }).lean();

  /** The later copy's first half: registered and looked up (seeing nothing), not stored yet. */
  async function startLaterCopy(data: AnalyzeCommentJob) {
    const fingerprint = analyzer.fingerprint(data.comment.text);
    const registered = { commentId: data.comment.id, authorId: data.comment.author.id, articleId: data.comment.article.id, createdAt: new Date(data.comment.createdAt), fingerprint };
    const lookup = await lookUpRegistered(deps, publisherId, registered);
    expect(lookup.candidates, 'the later copy saw no candidate').to.deep.equal([]);
    const policy = (await deps.contexts.policy(publisherId))!;
    const subject = { commentId: registered.commentId, authorId: registered.authorId, articleId: registered.articleId, text: data.comment.text, createdAt: registered.createdAt };
    const analysis = analyzer.analyze(subject, { article: { id: registered.articleId }, policy, duplicateCandidates: [], fingerprint });
    const store = () => saveAnalyzedComment(storage, {
      publisherId, commentId: registered.commentId, articleId: registered.articleId, authorId: registered.authorId, text: data.comment.text,
      createdAt: registered.createdAt, receivedAt: new Date(), webhookId: data.webhookId, analyzedAt: new Date(), analysis,
    });
    return { store, release: () => releaseRegistered(deps, publisherId, registered, policy, silentLogger()) };
  }

  it('an original stored while its later copy is in flight asks the copy to look again, and the copy then names it', async () => {
    const later = await startLaterCopy(job('later', 5));
    await run(job('original', 1));
    await later.store();
    expect((await stored('later'))?.duplicateOf, 'stored before looking again').to.equal(undefined);
    await later.release();
    const copy = await stored('later');
    expect(copy?.duplicateOf).to.equal('original');
    expect(copy?.flags).to.include('duplicate');
    expect((await stored('original'))?.duplicateOf).to.equal(undefined);
  });

  it('an original that finds its later copy already stored and released analyzes the copy again itself', async () => {
    const later = await startLaterCopy(job('later', 5));
    await later.store();
    await later.release();
    await run(job('original', 1));
    expect((await stored('later'))?.duplicateOf).to.equal('original');
  });

  it('a later copy that registers after its original sees it in flight and is the copy from its first analysis', async () => {
    const originalJob = job('original', 1);
    const fingerprint = analyzer.fingerprint(originalJob.comment.text);
    await deps.registry.register(publisherId, {
      commentId: 'original', authorId: originalJob.comment.author.id, articleId: originalJob.comment.article.id,
      createdAt: new Date(originalJob.comment.createdAt), fingerprint,
    });
    await run(job('later', 5));
    expect((await stored('later'))?.duplicateOf).to.equal('original');
  });
});
