import { sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { buildComment } from '../../../test/support/fixtures.js';
import { ADD_JOB_SCRIPTS, ANALYZE_COMMENT_VERSION, enqueueComments, prepareCommentAdds, queueKeyOptions, type AnalyzeCommentJob, type CommentQueue } from '../src/index.js';

/** Runs a prepared add with BullMQ's own script, as the ingest's delivery script does. */
async function runPrepared(redis: Redis, script: string, keys: string[], args: Array<string | Buffer>): Promise<unknown> {
  return redis.eval(script, keys.length, ...keys, ...args);
}

describe('contracts: BullMQ adds prepared for a script of the producer', () => {
  let redis: Redis;
  const queues: CommentQueue[] = [];
  const jobFor = (publisherId: string): AnalyzeCommentJob => ({
    version: ANALYZE_COMMENT_VERSION, publisherId, receivedAt: new Date().toISOString(), webhookId: 'msg_1', comment: buildComment(),
  });
  const newQueue = (): CommentQueue => {
    const name = uniqueName('prepared');
    const queue: CommentQueue = new Queue(name, { connection: redis, ...queueKeyOptions(name) });
    queues.push(queue);
    return queue;
  };

  before(async () => {
    redis = new Redis((await sharedRedis()).url);
  });
  after(async () => {
    for (const queue of queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    redis.disconnect();
  });

  it('adds, through the plain script, the job enqueueComments adds: same id, data and options', async () => {
    const [viaBulk, viaScript] = [newQueue(), newQueue()];
    const job = jobFor('pub-a');
    const [bulkId] = await enqueueComments(viaBulk, [job]);
    const adds = await prepareCommentAdds(viaScript, [job]);
    expect(await runPrepared(redis, ADD_JOB_SCRIPTS.standard, adds.standardKeys, adds.args[0]!)).to.equal(bulkId);
    const [expected, actual] = await Promise.all([viaBulk.getJob(bulkId!), viaScript.getJob(bulkId!)]);
    expect(actual?.data).to.deep.equal(expected?.data);
    expect(actual?.opts).to.deep.equal(expected?.opts);
    expect(actual?.name).to.equal(expected?.name);
    expect(await viaScript.getJobState(bulkId!)).to.equal('waiting');
  });

  it('prepares one add per job, keeping their order and the ids it was given', async () => {
    const queue = newQueue();
    const jobs = [jobFor('pub-c'), jobFor('pub-c'), jobFor('pub-c')];
    const adds = await prepareCommentAdds(queue, jobs, ['c_one', 'c_two', 'c_three']);
    const ids = [];
    for (const args of adds.args) ids.push(await runPrepared(redis, ADD_JOB_SCRIPTS.standard, adds.standardKeys, args));
    expect(ids).to.deep.equal(['c_one', 'c_two', 'c_three']);
    expect((await queue.getJob('c_two'))?.data.comment.id).to.equal(jobs[1]!.comment.id);
  });
});
