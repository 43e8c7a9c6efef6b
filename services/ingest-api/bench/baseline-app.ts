/**
 * The ingest bench's baseline: what accepting comments costs with nothing but Express and BullMQ. Bare Express with
 * express.json(), no signature check, validation, dedupe or rate limit; one `queue.add` for a single comment, one
 * `queue.addBulk` for a batch, on a Queue with the ingest's key options and Redis client options, with the same job
 * payload, id and options the ingest gives each comment.
 */
import { ANALYZE_COMMENT_JOB, ANALYZE_COMMENT_VERSION, commentJobId, commentJobOptions, queueKeyOptions, type AnalyzeCommentJob, type CommentQueue, type IncomingComment } from '@moderato/contracts';
import { closeServer, listen, REDIS_PURPOSES } from '@moderato/service-kit';
import { Queue } from 'bullmq';
import express, { type Request, type Response } from 'express';
import { Redis } from 'ioredis';

export interface BaselineServer {
  url: string;
  stop(): Promise<void>;
}

function jobOf(req: Request, comment: IncomingComment): { name: typeof ANALYZE_COMMENT_JOB; data: AnalyzeCommentJob; opts: typeof commentJobOptions } {
  const publisherId = req.get('x-moderato-publisher') ?? '';
  const data: AnalyzeCommentJob = { version: ANALYZE_COMMENT_VERSION, publisherId, receivedAt: new Date().toISOString(), webhookId: req.get('webhook-id') ?? '', comment };
  return { name: ANALYZE_COMMENT_JOB, data, opts: { ...commentJobOptions, jobId: commentJobId(publisherId, comment.id) } };
}

function addComments(queue: CommentQueue) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = req.body as IncomingComment | { comments: IncomingComment[] };
    if ('comments' in body) {
      await queue.addBulk(body.comments.map((comment) => jobOf(req, comment)));
      res.status(202).json({ accepted: body.comments.length });
      return;
    }
    const job = jobOf(req, body);
    await queue.add(job.name, job.data, job.opts);
    res.status(202).json({ accepted: 1 });
  };
}

export async function startBaseline(redisUrl: string, queueName: string): Promise<BaselineServer> {
  // The ingest's producer options (services/ingest-api/src/main.ts), so both sides talk to Redis alike.
  const redis = new Redis(redisUrl, REDIS_PURPOSES.failFast);
  const queue: CommentQueue = new Queue(queueName, { connection: redis, ...queueKeyOptions(queueName) });
  await queue.waitUntilReady();
  const app = express();
  app.use(express.json({ limit: '16mb' }));
  app.post('/v1/comments', addComments(queue));
  const { server, port } = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await closeServer(server);
      await queue.close();
      redis.disconnect();
    },
  };
}
