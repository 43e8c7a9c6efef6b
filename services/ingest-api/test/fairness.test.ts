import { randomBytes } from 'node:crypto';
import { provisionPublisher } from '@moderato/cli';
import { queueKeyOptions, type IncomingComment } from '@moderato/contracts';
import { ConfigError, parseConfig, silentLogger } from '@moderato/service-kit';
import { sharedRedis } from '@moderato/testkit';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { expect } from 'chai';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { createIngestApp } from '../src/app.js';
import { ingestConfigSchema } from '../src/config.js';
import { ingestKeys } from '../src/redis/keys.js';
import { COMMENT_PRIORITY } from '../src/redis/scripts.js';
import { startIngestHarness, type IngestHarness } from './support.js';

const FAIR_SHARE = 10;

describe('ingest API: fairness between publishers', () => {
  describe('configuration', () => {
    const base = { MONGODB_URI: 'mongodb://db.example/moderato', WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64') };

    it('takes INGEST_FAIR_COMMENTS_PER_MINUTE, 60 when unset and 0 to turn fairness off, and refuses a negative one', () => {
      expect(parseConfig(ingestConfigSchema, base).INGEST_FAIR_COMMENTS_PER_MINUTE).to.equal(60);
      expect(parseConfig(ingestConfigSchema, { ...base, INGEST_FAIR_COMMENTS_PER_MINUTE: '0' }).INGEST_FAIR_COMMENTS_PER_MINUTE).to.equal(0);
      expect(() => parseConfig(ingestConfigSchema, { ...base, INGEST_FAIR_COMMENTS_PER_MINUTE: '-1' })).to.throw(ConfigError, /INGEST_FAIR_COMMENTS_PER_MINUTE/);
    });
  });

  describe('priorities (the delivery script\'s rule, run in Redis)', () => {
    let redis: Redis;
    before(async () => {
      redis = new Redis((await sharedRedis()).url);
    });
    after(() => redis?.disconnect());

    /** COMMENT_PRIORITY of each volume, evaluated by Redis's Lua as the delivery script evaluates it. */
    const priorities = async (volumes: number[], fairShare: number): Promise<number[]> =>
      (await redis.eval(`${COMMENT_PRIORITY}
local out = {}
for i = 1, #ARGV - 1 do out[i] = commentPriority(tonumber(ARGV[i]), tonumber(ARGV[#ARGV])) end
return out`, 0, ...volumes, fairShare)) as number[];

    it('leaves comments up to the fair share plain and queues each doubling past it one step further back', async () => {
      expect(await priorities([1, 10, 11, 19, 20, 39, 40, 80, 160], FAIR_SHARE)).to.deep.equal([0, 0, 1, 1, 2, 2, 3, 4, 5]);
    });

    it('gives every comment no priority when fairness is off', async () => {
      expect(await priorities([1_000_000, 5_001, 5_002, 5_003], 0)).to.deep.equal([0, 0, 0, 0]);
    });
  });

  describe('through the ingest', () => {
    let h: IngestHarness;
    let loud: Publisher;
    let quiet: Publisher;

    beforeEach(async () => {
      h = await startIngestHarness('ingest_fair');
      loud = await publisher(h, 'loud-publisher', FAIR_SHARE);
      quiet = { ...loud, publisherId: h.publisherId, secret: h.secret };
    });
    afterEach(async () => {
      await h?.close();
    });

    it('gives a publisher past its fair share prioritized jobs, more so as it grows, and a quiet one plain jobs', async () => {
      const first = await jobsOf(h, await deliver(loud, FAIR_SHARE));
      expect(first.map((job) => job.priority)).to.deep.equal(Array(FAIR_SHARE).fill(0));
      const flood = await jobsOf(h, await deliver(loud, 25));
      const priorities = flood.map((job) => job.priority);
      expect(priorities[0]).to.equal(1);
      expect(priorities.at(-1)).to.equal(2);
      // Volumes 11 to 35 over a fair share of 10: one step back up to 19, two from the doubling at 20.
      expect(priorities).to.deep.equal([...Array(9).fill(1), ...Array(16).fill(2)]);
      expect(await h.queue.getJobState(flood.at(-1)!.id!)).to.equal('prioritized');
      const [quietJob] = await jobsOf(h, await deliver(quiet, 1));
      expect(quietJob?.priority).to.equal(0);
      expect(await h.queue.getJobState(quietJob!.id!)).to.equal('waiting');
    });

    it('counts each comment of a delivery, so a batch crossing the fair share is plain up to it', async () => {
      await deliver(loud, 7);
      const batch = await jobsOf(h, await deliver(loud, 6));
      expect(batch.map((job) => job.priority)).to.deep.equal([0, 0, 0, 1, 1, 1]);
    });

    it('counts only fresh comments: duplicates and a redelivery add nothing to the volume', async () => {
      const comments = Array.from({ length: FAIR_SHARE - 2 }, () => buildComment());
      await send(loud, { comments }, 'msg_fair_first');
      const again = await send(loud, { comments }, 'msg_fair_first');
      expect(again.headers['x-moderato-redelivery']).to.equal('true');
      const duplicates = await send(loud, { comments });
      expect(duplicates.body.duplicates).to.equal(comments.length);
      const last = await jobsOf(h, await deliver(loud, 2));
      expect(last.map((job) => job.priority)).to.deep.equal([0, 0]);
    });

    it('lets a flood’s volume decay: one minute later it counts e⁻¹ of it, ten minutes later nothing', async () => {
      const [seconds] = await h.redis.time();
      const key = ingestKeys.volume(h.queue.name, loud.publisherId);
      await h.redis.hset(key, { volume: String(100 * FAIR_SHARE), at: String((Number(seconds) - 60) * 1000) });
      // 1000 × e⁻¹ ≈ 368 comments, between 32 and 64 fair shares: priority 1 + 5.
      expect((await jobsOf(h, await deliver(loud, 1))).map((job) => job.priority)).to.deep.equal([6]);
      await h.redis.hset(key, { volume: String(100 * FAIR_SHARE), at: String((Number(seconds) - 600) * 1000) });
      expect((await jobsOf(h, await deliver(loud, 1))).map((job) => job.priority)).to.deep.equal([0]);
    });

    it('has a worker take a quiet publisher’s job before a loud one’s waiting backlog, and the backlog after it', async () => {
      await deliver(loud, 40);
      const [quietJobId] = await deliver(quiet, 1);
      const order = await processAll(h, 41);
      expect(order.indexOf(quietJobId!)).to.equal(FAIR_SHARE);
      expect(new Set(order).size).to.equal(41);
    });

    it('with fairness off, has the quiet publisher’s job wait behind the whole backlog', async () => {
      const unfair = { ...loud, app: ingestApp(h, 0) };
      await deliver(unfair, 40);
      const [quietJobId] = await deliver({ ...quiet, app: unfair.app }, 1);
      const order = await processAll(h, 41);
      expect(order.indexOf(quietJobId!)).to.equal(40);
    });

    it('keeps a failed prioritized job’s priority when it is retried, and processes it', async () => {
      const jobIds = await deliver(loud, FAIR_SHARE + 1);
      const prioritized = jobIds.at(-1)!;
      await processAll(h, FAIR_SHARE + 1, (job) => job.id === prioritized);
      const job = await h.queue.getJob(prioritized);
      expect(await job?.getState()).to.equal('failed');
      await job!.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      expect(await h.queue.getJobState(prioritized)).to.equal('prioritized');
      expect(await processAll(h, 1)).to.deep.equal([prioritized]);
      expect(await h.queue.getJobState(prioritized)).to.equal('completed');
    });

    function send(from: Publisher, body: unknown, webhookId?: string) {
      return sendSigned(from.app, { path: '/v1/comments', publisherId: from.publisherId, secret: from.secret, body, ...(webhookId ? { webhookId } : {}) });
    }

    /** Sends `count` new comments in one delivery; answers their job ids. */
    async function deliver(from: Publisher, count: number): Promise<string[]> {
      const res = await send(from, { comments: Array.from({ length: count }, (): IncomingComment => buildComment()) });
      expect(res.status).to.equal(202);
      expect(res.body.accepted).to.equal(count);
      return res.body.results.map((result: { jobId: string }) => result.jobId);
    }
  });
});

interface Publisher {
  app: Express;
  publisherId: string;
  secret: string;
}

/** A second publisher on the harness's database, sending through an app with the given fair share. */
async function publisher(h: IngestHarness, publisherId: string, fairShare: number): Promise<Publisher> {
  const { secret } = await provisionPublisher(h.storage, publisherId);
  return { app: ingestApp(h, fairShare), publisherId, secret };
}

function ingestApp(h: IngestHarness, fairCommentsPerMinute: number): Express {
  return createIngestApp({ storage: h.storage, redis: h.redis, queue: h.queue, logger: silentLogger(), secretCacheSeconds: 0, fairCommentsPerMinute });
}

async function jobsOf(h: IngestHarness, jobIds: string[]): Promise<Job[]> {
  const jobs = await Promise.all(jobIds.map((jobId) => h.queue.getJob(jobId)));
  return jobs.map((job) => job!);
}

/**
 * Runs a BullMQ worker, one job at a time, until `count` jobs have finished (a job `fails` picks is failed without
 * retries); answers the job ids in the order they were taken.
 */
async function processAll(h: IngestHarness, count: number, fails: (job: Job) => boolean = () => false): Promise<string[]> {
  const connection = new Redis((await sharedRedis()).url, { maxRetriesPerRequest: null });
  const taken: string[] = [];
  let finished = 0;
  let worker: Worker | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        finished += 1;
        if (finished === count) resolve();
      };
      worker = new Worker(h.queue.name, async (job) => {
        taken.push(job.id!);
        if (fails(job)) throw new UnrecoverableError('failed on purpose');
      }, { connection, ...queueKeyOptions(h.queue.name), concurrency: 1 });
      worker.on('completed', done);
      worker.on('failed', done);
      worker.on('error', reject);
    });
  } finally {
    await worker?.close();
    connection.disconnect();
  }
  return taken;
}
