import { MAX_BATCH_SIZE } from '@moderato/contracts';
import { expect } from 'chai';
import request from 'supertest';
import { ResponseChecker, byPath, documentedOperations, expectValidOpenApi, servedOperations } from '../../../packages/openapi-kit/test/support.js';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { createIngestDocument } from '../src/http/openapi.js';
import { startIngestHarness, type IngestHarness } from './support.js';

describe('ingest API: the OpenAPI document', () => {
  const document = createIngestDocument();
  const checker = new ResponseChecker(document);
  let h: IngestHarness;
  const signed = (method: 'post' | 'put', path: string, body: unknown, webhookId?: string) =>
    sendSigned(h.app, { method, path, publisherId: h.publisherId, secret: h.secret, body, ...(webhookId ? { webhookId } : {}) });

  before(async () => {
    h = await startIngestHarness('ingest-openapi');
  });
  after(async () => {
    await h?.close();
  });

  it('is a valid OpenAPI 3.1 document, served at /openapi.json', async () => {
    await expectValidOpenApi(document);
    const res = await request(h.app).get('/openapi.json');
    expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(document)));
  });

  it('documents every route the app serves, and no route it does not', () => {
    expect(documentedOperations(document).sort(byPath)).to.deep.equal(servedOperations(h.app).sort(byPath));
  });

  it('routes every documented operation, and answers an unsigned call as documented', async () => {
    for (const { method, path } of documentedOperations(document)) {
      const res = await request(h.app)[method as 'get'](path.replace(/\{[^}]+\}/g, 'x1'));
      expect(res.body?.code, `${method} ${path}`).to.not.equal('route_not_found');
      checker.check(method, path, res);
    }
  });

  it('answers deliveries as documented: queued, invalid items, duplicates, a redelivery, a refused batch', async () => {
    const first = buildComment();
    const delivery = { comments: [first, { ...buildComment(), text: ' ' }, first] };
    const batch = await signed('post', '/v1/comments', delivery, 'msg_openapi-batch');
    expect(batch.body.results.map((result: { status: string }) => result.status)).to.deep.equal(['queued', 'invalid', 'duplicate']);
    checker.check('post', '/v1/comments', batch);
    const again = await signed('post', '/v1/comments', delivery, 'msg_openapi-batch');
    expect(again.headers['x-moderato-redelivery']).to.equal('true');
    checker.check('post', '/v1/comments', again);
    const reused = await signed('post', '/v1/comments', { comments: [buildComment()] }, 'msg_openapi-batch');
    expect(reused.status).to.equal(409);
    checker.check('post', '/v1/comments', reused);
    checker.check('post', '/v1/comments', await signed('post', '/v1/comments', buildComment()));
    const refused = await signed('post', '/v1/comments', { comments: [{ ...buildComment(), author: {} }] });
    expect(refused.status).to.equal(400);
    checker.check('post', '/v1/comments', refused);
    const forged = await sendSigned(h.app, { path: '/v1/comments', publisherId: h.publisherId, secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', body: buildComment() });
    expect(forged.status).to.equal(401);
    checker.check('post', '/v1/comments', forged);
  });

  it('admits exactly the deliveries the route accepts whole', async () => {
    const bodies: unknown[] = [
      buildComment(),
      { comments: [buildComment(), buildComment()] },
      { ...buildComment(), score: 5 },
      { ...buildComment(), createdAt: 'yesterday' },
      (({ text: _text, ...rest }) => rest)(buildComment()),
      { comments: [] },
      { comments: [buildComment()], extra: true },
      { comments: Array.from({ length: MAX_BATCH_SIZE + 1 }, () => buildComment()) },
      [buildComment()],
    ];
    for (const body of bodies) {
      const res = await signed('post', '/v1/comments', body);
      const acceptedWhole = res.status === 202 && res.body.invalid === 0;
      expect(checker.admitsRequestBody('post', '/v1/comments', body), JSON.stringify(body).slice(0, 120)).to.equal(acceptedWhole);
    }
  });

  it('documents PUT /v1/articles/{articleId} with its required body, and answers as documented', async () => {
    const article = { title: 'High-Stakes Dialogue in Istanbul', body: 'Delegations met on Thursday.', url: 'https://news.example/istanbul' };
    const created = await signed('put', '/v1/articles/istanbul-talks', article);
    expect(created.status).to.equal(201);
    checker.check('put', '/v1/articles/{articleId}', created);
    const replaced = await signed('put', '/v1/articles/istanbul-talks', { ...article, title: 'Talks resume' });
    expect(replaced.body).to.deep.equal({ articleId: 'istanbul-talks', created: false });
    checker.check('put', '/v1/articles/{articleId}', replaced);

    const operation = document.paths?.['/v1/articles/{articleId}']?.put;
    expect(operation?.requestBody).to.have.property('required', true);
    const withoutBody = { title: article.title };
    expect(checker.admitsRequestBody('put', '/v1/articles/{articleId}', withoutBody)).to.equal(false);
    const refused = await signed('put', '/v1/articles/istanbul-talks', withoutBody);
    expect(refused.status).to.equal(400);
    expect(refused.body.errors).to.deep.equal([{ path: 'body.body', message: 'Invalid input: expected string, received undefined' }]);
    checker.check('put', '/v1/articles/{articleId}', refused);
  });
});
