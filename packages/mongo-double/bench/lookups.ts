/**
 * How the double's lookups scale with the collection: the application's duplicate-candidate query (an `$or` of the
 * exact hash and the LSH bands within a publisher) and its upsert by (publisherId, commentId), timed at 10k and at
 * 100k stored comments with the application's indexes. Prints figures; asserts nothing.
 *
 *   node --conditions=source --import tsx packages/mongo-double/bench/lookups.ts
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startMongoDouble } from '../src/index.js';

const SIZES = [10_000, 100_000];
const PUBLISHERS = 5;
const BANDS = 24;
const STATUSES = ['pending', 'approved', 'rejected'];
const OPERATIONS = 400;
const WARM_UP = 50;
const INSERT_BATCH = 1_000;

interface Timing {
  mean: number;
  p99: number;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const publisherOf = (i: number): string => `publisher-${i % PUBLISHERS}`;

/** A stored comment as the application writes it: ~24 LSH band strings, an exact hash, the queue fields. */
function commentDocument(i: number): Document {
  return {
    publisherId: publisherOf(i),
    commentId: `comment-${i}`,
    articleId: `article-${i % 500}`,
    authorId: `author-${i % 3_000}`,
    text: `Comment number ${i}: ${hex(60)}`,
    status: STATUSES[i % STATUSES.length],
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 1_000),
    fingerprint: { exact: hex(16), bands: Array.from({ length: BANDS }, (_, band) => `${band}:${hex(8)}`) },
  };
}

async function createIndexes(comments: Collection): Promise<void> {
  await comments.createIndex({ publisherId: 1, commentId: 1 }, { unique: true });
  await comments.createIndex({ publisherId: 1, 'fingerprint.bands': 1 });
  await comments.createIndex({ publisherId: 1, 'fingerprint.exact': 1 });
  await comments.createIndex({ publisherId: 1, status: 1, createdAt: 1, commentId: 1 });
}

async function fillTo(comments: Collection, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += INSERT_BATCH) {
    const end = Math.min(to, start + INSERT_BATCH);
    await comments.insertMany(Array.from({ length: end - start }, (_, offset) => commentDocument(start + offset)));
  }
}

/** Runs `operation` WARM_UP times untimed, then OPERATIONS times timed; mean and 99th percentile in ms. */
async function time(operation: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await operation(i);
  const samples: number[] = [];
  for (let i = 0; i < OPERATIONS; i++) {
    const started = performance.now();
    await operation(WARM_UP + i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
  return { mean, p99: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.99) - 1)] ?? 0 };
}

interface LookupTarget {
  publisherId: string;
  commentId: string;
  fingerprint: { exact: string; bands: string[] };
}

/** Stored comments whose fingerprints the timed lookups use, so each lookup finds at least that comment. */
async function lookupTargets(comments: Collection, stored: number): Promise<LookupTarget[]> {
  const targets: LookupTarget[] = [];
  for (let i = 0; i < WARM_UP + OPERATIONS; i++) {
    const n = (i * 7_919) % stored;
    const found = await comments.findOne({ publisherId: publisherOf(n), commentId: `comment-${n}` });
    targets.push(found as unknown as LookupTarget);
  }
  return targets;
}

/** The duplicate-candidate query as the storage package sends it, excluding the comment itself. */
function duplicateLookup(comments: Collection, target: LookupTarget): Promise<Document[]> {
  return comments
    .find({
      publisherId: { $eq: target.publisherId },
      commentId: { $ne: `${target.commentId}-new` },
      $or: [{ 'fingerprint.exact': { $eq: target.fingerprint.exact } }, { 'fingerprint.bands': { $in: target.fingerprint.bands } }],
    })
    .sort({ createdAt: 1 })
    .limit(50)
    .toArray();
}

/** The upsert that stores an analyzed comment: inserts when new, leaves an existing one as it is. */
async function upsertComment(comments: Collection, i: number): Promise<unknown> {
  const { publisherId, commentId, ...rest } = commentDocument(i);
  return comments.updateOne(
    { publisherId: { $eq: publisherId }, commentId: { $eq: commentId } },
    { $setOnInsert: { publisherId, commentId, ...rest } },
    { upsert: true },
  );
}

async function measureAt(comments: Collection, stored: number, run: number): Promise<Record<string, Timing>> {
  const targets = await lookupTargets(comments, stored);
  const lookup = await time((i) => duplicateLookup(comments, targets[i] as LookupTarget));
  // New comment ids beyond the stored range: each upsert inserts, as for a newly analyzed comment.
  const fresh = await time((i) => upsertComment(comments, 10_000_000 * (run + 1) + i));
  const existing = await time((i) => upsertComment(comments, (i * 7_919) % stored));
  return { 'duplicate lookup ($or, limit 50)': lookup, 'upsert (new comment)': fresh, 'upsert (existing comment)': existing };
}

const format = (ms: number): string => `${ms.toFixed(3)} ms`;

function report(results: Map<number, Record<string, Timing>>): void {
  const [small, large] = SIZES.map((size) => results.get(size) as Record<string, Timing>) as [Record<string, Timing>, Record<string, Timing>];
  for (const operation of Object.keys(small)) {
    const [a, b] = [small[operation] as Timing, large[operation] as Timing];
    console.log(`${operation}`);
    console.log(`  10k:  mean ${format(a.mean)}, p99 ${format(a.p99)}`);
    console.log(`  100k: mean ${format(b.mean)}, p99 ${format(b.p99)}`);
    console.log(`  ratio 100k/10k: mean ${(b.mean / a.mean).toFixed(2)}x, p99 ${(b.p99 / a.p99).toFixed(2)}x`);
  }
}

async function main(): Promise<void> {
  const server = await startMongoDouble();
  const client = new MongoClient(server.uri);
  try {
    await client.connect();
    const comments = client.db('bench').collection('comments');
    await createIndexes(comments);
    const results = new Map<number, Record<string, Timing>>();
    let stored = 0;
    for (const [run, size] of SIZES.entries()) {
      const started = performance.now();
      await fillTo(comments, stored, size);
      stored = size;
      console.log(`filled to ${size} comments in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      results.set(size, await measureAt(comments, stored, run));
    }
    console.log(`\n${OPERATIONS} timed operations each (after ${WARM_UP} untimed), one client, sequential:`);
    report(results);
  } finally {
    await client.close();
    await server.close();
  }
}

await main();
