import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, UnavailableError, ValidationError, createServiceApp, silentLogger } from '@moderato/service-kit';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createApiDocument, problemResponses } from '../src/index.js';
import { ResponseChecker, expectValidOpenApi } from './support.js';

/** A frame like every service's, with one route per kind of error service-kit answers. */
function errorApp() {
  const errors: Record<string, () => Error> = {
    validation: () => new ValidationError('Invalid body.', [{ path: 'body.text', message: 'must not be empty' }]),
    unauthorized: () => new UnauthorizedError('No key.', 'missing_api_key'),
    forbidden: () => new ForbiddenError('Not your role.'),
    missing: () => new NotFoundError('No such thing.'),
    conflict: () => new ConflictError('Already decided.', 'already_decided', { commentStatus: 'approved' }),
    limited: () => new TooManyRequestsError('Slow down.', 2.5),
    unavailable: () => new UnavailableError('Redis is down.'),
    bug: () => new TypeError('undefined is not a function'),
  };
  return createServiceApp({ service: 'kit-test', logger: silentLogger(), readiness: {} }, (app) => {
    app.post('/json', express.json(), (_req, res) => {
      res.json({});
    });
    for (const [name, error] of Object.entries(errors)) {
      app.get(`/${name}`, () => {
        throw error();
      });
    }
  });
}

const document = createApiDocument({
  title: 'kit test',
  version: '1',
  description: 'Error answers as documented.',
  securitySchemes: {},
  tags: [],
  paths: Object.fromEntries(
    ['/validation', '/unauthorized', '/forbidden', '/missing', '/conflict', '/limited', '/unavailable', '/json', '/bug'].map((path) => [
      path,
      { [path === '/json' ? 'post' : 'get']: { responses: { ...problemResponses(400, 401, 403, 404, 409, 429, 503), 500: problemResponses(503)['503']! } } },
    ]),
  ),
});

describe('openapi-kit: the problem+json schema', () => {
  const app = errorApp();
  const checker = new ResponseChecker(document);

  it('makes a valid OpenAPI 3.1 document', async () => {
    await expectValidOpenApi(document);
  });

  it('describes every error service-kit answers, extensions included', async () => {
    for (const [path, status] of [['/validation', 400], ['/unauthorized', 401], ['/forbidden', 403], ['/missing', 404], ['/conflict', 409], ['/limited', 429], ['/unavailable', 503], ['/bug', 500]] as const) {
      const res = await request(app).get(path);
      expect(res.status, path).to.equal(status);
      checker.check('get', path, res);
    }
    const malformed = await request(app).post('/json').set('content-type', 'application/json').send('{"oops"');
    expect(malformed.body.code).to.equal('malformed_json');
    checker.check('post', '/json', malformed);
  });

  it('fails an answer that breaks it', async () => {
    const res = await request(errorApp()).get('/validation');
    res.body.errors = [{ path: 'body.text' }];
    expect(() => checker.check('get', '/validation', res)).to.throw(/breaks the documented schema/);
  });

  it('fails a status the operation does not document', async () => {
    const teapot = createServiceApp({ service: 'kit-test', logger: silentLogger(), readiness: {} }, (app) => {
      app.get('/missing', (_req, res) => {
        res.status(418).json({});
      });
    });
    const res = await request(teapot).get('/missing');
    expect(() => checker.check('get', '/missing', res)).to.throw(/status not documented/);
  });

  it('names the 429 answer’s Retry-After header', () => {
    const limited = (document.paths?.['/limited']?.get?.responses?.['429'] ?? {}) as { headers?: Record<string, unknown> };
    expect(Object.keys(limited.headers ?? {})).to.deep.equal(['retry-after']);
  });

  it('keeps AppError’s shape: a new field in problemHandler’s answer must be documented', async () => {
    const res = await request(app).get('/missing');
    const documented = Object.keys((document.components?.schemas?.Problem as { properties: object }).properties);
    expect(Object.keys(res.body).filter((key) => !documented.includes(key))).to.deep.equal([]);
  });
});
