import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { AppError, ConfigError, healthRouter, notFoundHandler, parseConfig, parseInput, problemHandler, requestContext, silentLogger } from '../src/index.js';

function appWith(route: express.RequestHandler) {
  const app = express();
  app.use(requestContext(silentLogger()));
  app.use(express.json());
  app.post('/thing', route);
  app.get('/thing', route);
  app.use(healthRouter({ good: async () => {}, bad: async () => Promise.reject(new Error('connection refused')), slow: () => new Promise(() => {}) }));
  app.use(notFoundHandler());
  app.use(problemHandler());
  return app;
}

describe('service-kit HTTP', () => {
  it('answers AppErrors as RFC 9457 problem+json with the stable code and request id', async () => {
    const app = appWith(() => {
      throw new AppError('quota_exceeded', 429, 'Too many requests', { detail: 'Slow down.' });
    });
    const res = await request(app).get('/thing').set('x-request-id', 'req-42');
    expect(res.status).to.equal(429);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body).to.deep.include({ status: 429, code: 'quota_exceeded', title: 'Too many requests', detail: 'Slow down.', requestId: 'req-42' });
  });

  it('hides unexpected errors behind a generic 500 without a stack trace', async () => {
    const app = appWith(() => {
      throw new Error('secret internals at /srv/app.ts:12');
    });
    const res = await request(app).get('/thing');
    expect(res.status).to.equal(500);
    expect(res.body.code).to.equal('internal_error');
    expect(JSON.stringify(res.body)).not.to.contain('secret internals');
  });

  it('maps malformed JSON to 400 malformed_json', async () => {
    const app = appWith((_req, res) => void res.json({}));
    const res = await request(app).post('/thing').set('content-type', 'application/json').send('{"a":');
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('malformed_json');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await request(appWith((_req, res) => void res.json({}))).get('/nope');
    expect(res.status).to.equal(404);
    expect(res.body.code).to.equal('route_not_found');
  });

  it('rejects smuggled operators in a strict query schema with 400 naming the field', async () => {
    const schema = z.strictObject({ status: z.enum(['pending', 'approved']).optional() });
    const app = appWith((req, res) => void res.json(parseInput(schema, req.query, 'query')));
    const res = await request(app).get('/thing').query('status[$ne]=x');
    expect(res.status).to.equal(400);
    expect(res.body.errors[0].path).to.match(/^query/);
  });

  it('reports readiness per dependency, failing slow ones within a second', async () => {
    const res = await request(appWith((_req, res) => void res.json({}))).get('/readyz');
    expect(res.status).to.equal(503);
    expect(res.body.checks.good).to.equal('ok');
    expect(res.body.checks.bad).to.equal('connection refused');
    expect(res.body.checks.slow).to.match(/no answer within/);
  });
});

describe('service-kit config', () => {
  const schema = z.object({ PORT: z.coerce.number().int().max(65_535), MONGODB_URI: z.string().startsWith('mongodb://') });

  it('parses a good environment into typed values', () => {
    expect(parseConfig(schema, { PORT: '8080', MONGODB_URI: 'mongodb://db/x' })).to.deep.equal({ PORT: 8080, MONGODB_URI: 'mongodb://db/x' });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => parseConfig(schema, { PORT: '99999' })).to.throw(ConfigError, /PORT[\s\S]*MONGODB_URI/);
  });
});
