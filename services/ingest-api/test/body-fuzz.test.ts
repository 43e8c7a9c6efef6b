import { incomingCommentSchema } from '@moderato/contracts';
import { expect } from 'chai';
import fc from 'fast-check';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { startIngestHarness, type IngestHarness } from './support.js';

/**
 * Property: whatever a signed delivery holds, the ingest answers 202 with one result per comment or 400 naming the
 * problems, never a 5xx; what it reports queued is queued exactly as the schema reads it, and a refused delivery
 * queues nothing.
 */
describe('ingest API: POST /v1/comments under fuzzed bodies', function () {
  this.timeout(90_000);
  let h: IngestHarness;

  before(async () => {
    h = await startIngestHarness('ingest-fuzz', undefined, { rateLimits: { requestsPerMinute: 100_000, authFailuresPerMinute: 100_000 } });
  });
  after(() => h?.close());

  const send = (body: unknown) => sendSigned(h.app, { path: '/v1/comments', publisherId: h.publisherId, secret: h.secret, body });

  /** Values where a field's value is expected: wrong types, operator objects, odd strings (lone surrogates included). */
  const oddValue = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom({ $gt: '' }, { $ne: null }, '', ' ', '\u0000', 'ls-\ud800', '2025-13-45T99:00:00Z', 'x'.repeat(10_001), [], {}),
  );
  const fields = fc.constantFrom('id', 'text', 'createdAt', 'article', 'author', 'parentId', 'language', 'ip', 'userAgent', '__proto__', '$where', 'extra');
  /** A valid comment with up to three fields replaced, removed or added. */
  const mutatedComment = fc.array(fc.tuple(fields, fc.option(oddValue, { nil: undefined })), { maxLength: 3 }).map((changes) => {
    const comment: Record<string, unknown> = { ...buildComment() };
    for (const [field, value] of changes) {
      if (value === undefined) delete comment[field];
      else Object.defineProperty(comment, field, { value, enumerable: true, writable: true, configurable: true });
    }
    return comment;
  });
  const body = fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
    { arbitrary: mutatedComment, weight: 2 },
    { arbitrary: fc.array(mutatedComment, { maxLength: 8 }).map((comments) => ({ comments })), weight: 3 },
  );

  it('answers 202 with a result per comment, queued as validated, or 400 queueing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (delivery) => {
        const before = await h.queue.count();
        const res = await send(delivery);
        expect(res.status, JSON.stringify(delivery)).to.be.oneOf([202, 400]);
        if (res.status === 400) {
          expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
          expect(await h.queue.count()).to.equal(before);
          return;
        }
        const items = isBatch(delivery) ? delivery.comments : [delivery];
        expect(res.body.results).to.have.length(items.length);
        expect(res.body.accepted + res.body.duplicates + res.body.invalid).to.equal(items.length);
        for (const result of res.body.results as Array<{ index: number; status: string; jobId?: string; errors?: Array<{ path: string }> }>) {
          if (result.status === 'invalid') {
            for (const error of result.errors ?? []) expect(error.path.startsWith(`comments.${result.index}`)).to.equal(true);
            continue;
          }
          const job = await h.queue.getJob(result.jobId!);
          const comment = incomingCommentSchema.parse(items[result.index]);
          // A duplicate's job is its first delivery's, which may have said something else under the same id
          // (the generator reuses odd ids such as " " across runs).
          if (result.status === 'queued') expect(job?.data.comment).to.deep.equal(comment);
          else expect(job?.data.comment.id).to.equal(comment.id);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function isBatch(delivery: unknown): delivery is { comments: unknown[] } {
  return typeof delivery === 'object' && delivery !== null && !Array.isArray(delivery) && Array.isArray((delivery as { comments?: unknown }).comments);
}
