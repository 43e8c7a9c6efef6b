import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import express, { type Express } from 'express';
import request from 'supertest';
import { moderatorWebRouter, PAGE_CONTENT_SECURITY_POLICY } from '../src/index.js';

const APP_NOT_FOUND = 'answered by the app';

/** The router as a service mounts it, with the app's own answer for everything the router passes on. */
function appWithPage(): Express {
  const app = express();
  app.use(moderatorWebRouter());
  app.use((_req, res) => void res.status(404).type('text/plain').send(APP_NOT_FOUND));
  return app;
}

describe('moderator web: the router', () => {
  const app = appWithPage();

  const assets = [
    ['/', /^text\/html; charset=utf-8$/, 'index.html'],
    ['/app.js', /^text\/javascript; charset=utf-8$/, 'app.js'],
    ['/app.css', /^text\/css; charset=utf-8$/, 'app.css'],
  ] as const;

  for (const [path, contentType, file] of assets) {
    it(`serves ${path} as ${file} with its content type and the page's strict headers`, async () => {
      const res = await request(app).get(path);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(contentType);
      expect(res.text).to.equal(readFileSync(new URL(`../public/${file}`, import.meta.url), 'utf8'));
      expect(res.headers).to.include({
        'content-security-policy':
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      expect(res.headers.etag).to.match(/^"[A-Za-z0-9_-]{27}"$/);
    });
  }

  it('exports the policy it sends', async () => {
    const res = await request(app).get('/');
    expect(res.headers['content-security-policy']).to.equal(PAGE_CONTENT_SECURITY_POLICY);
  });

  it('answers 304 to a browser that holds the current version, and 200 to one that holds another', async () => {
    const first = await request(app).get('/app.js');
    const revalidated = await request(app).get('/app.js').set('If-None-Match', first.headers.etag!);
    expect(revalidated.status).to.equal(304);
    expect(revalidated.text).to.equal('');
    expect(revalidated.headers.etag).to.equal(first.headers.etag);
    const stale = await request(app).get('/app.js').set('If-None-Match', '"an-older-version"');
    expect(stale.status).to.equal(200);
  });

  it('gives each file its own ETag', async () => {
    const tags = await Promise.all(assets.map(async ([path]) => (await request(app).get(path)).headers.etag));
    expect(new Set(tags).size).to.equal(assets.length);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await request(app).head('/');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['content-security-policy']).to.equal(PAGE_CONTENT_SECURITY_POLICY);
    expect(res.text ?? '').to.equal('');
  });

  // Nothing but the three files can be reached: a traversal or a guessed name gets the app's own 404, not a file.
  it('passes every other path and method to the app, serving no other file', async () => {
    const paths = [
      '/index.html', '/public/app.js', '/public/', '/src/index.ts', '/src/router.ts', '/package.json', '/test/',
      '/..%2fpackage.json', '/%2e%2e/package.json', '/%2e%2e%2fpackage.json', '/..%5cpackage.json', '/..%2f..%2fpackage.json',
      '/app.js%00.html', '/app.js.map', '/app.css/../package.json',
      '/APP.JS', '/app.js/', '/app.mjs', '/favicon.ico',
    ];
    for (const path of paths) {
      const res = await request(app).get(path);
      expect(res.status, path).to.equal(404);
      expect(res.text, path).to.equal(APP_NOT_FOUND);
    }
    for (const method of ['post', 'put', 'delete'] as const) {
      const res = await request(app)[method]('/');
      expect(res.status, method).to.equal(404);
      expect(res.text, method).to.equal(APP_NOT_FOUND);
    }
  });
});
