import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, sep } from 'node:path';
import { expect } from 'chai';
import express, { type Express } from 'express';
import request from 'supertest';
import { moderatorWebRouter, PAGE_CONTENT_SECURITY_POLICY } from '../src/index.js';

const APP_NOT_FOUND = 'answered by the app';
const PUBLIC_DIR = new URL('../public/', import.meta.url);
const CONTENT_TYPES: Readonly<Record<string, RegExp>> = {
  '.html': /^text\/html; charset=utf-8$/,
  '.js': /^text\/javascript; charset=utf-8$/,
  '.css': /^text\/css; charset=utf-8$/,
  '.svg': /^image\/svg\+xml; charset=utf-8$/,
};

/** Every file under public/, dotfiles included, as a path relative to it: the router must serve each one. */
const PUBLIC_FILES = readdirSync(PUBLIC_DIR, { recursive: true, encoding: 'utf8' })
  .map((file) => file.split(sep).join('/'))
  .filter((file) => statSync(new URL(file, PUBLIC_DIR)).isFile())
  .sort();

/** A GET whose body arrives as bytes whatever its type: superagent reads text types only, and the icon is an image. */
async function getBytes(app: Express, path: string): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const res = await request(app).get(path).responseType('blob');
  return { status: res.status, headers: res.headers as Record<string, string>, text: Buffer.from(res.body as Buffer).toString('utf8') };
}

/** The router as a service mounts it, with the app's own answer for everything the router passes on. */
function appWithPage(): Express {
  const app = express();
  app.use(moderatorWebRouter());
  app.use((_req, res) => void res.status(404).type('text/plain').send(APP_NOT_FOUND));
  return app;
}

describe('moderator web: the router', () => {
  const app = appWithPage();

  /** index.html is the page at `/`; every other file is served at its own path. */
  const assets = PUBLIC_FILES.map((file) => [file === 'index.html' ? '/' : `/${file}`, file] as const);

  it('finds the page, its stylesheet and its entry module in public/', () => {
    expect(PUBLIC_FILES).to.include.members(['index.html', 'app.css', 'js/main.js']);
  });

  for (const [path, file] of assets) {
    it(`serves ${path} as ${file} with its content type and the page's strict headers`, async () => {
      const contentType = CONTENT_TYPES[extname(file)];
      expect(contentType, `${file} is not a page file (.html, .js, .css or .svg)`).not.to.equal(undefined);
      const res = await getBytes(app, path);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(contentType!);
      expect(res.text).to.equal(readFileSync(new URL(file, PUBLIC_DIR), 'utf8'));
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

  // A browser asks for /favicon.ico by itself wherever nothing names an icon; a 404 there is an error in its console.
  it('sends a request for /favicon.ico on to the page icon', async () => {
    const res = await request(app).get('/favicon.ico');
    expect(res.status).to.equal(301);
    expect(res.headers.location).to.equal('favicon.svg');
    const icon = await getBytes(app, `/${res.headers.location}`);
    expect(icon.status).to.equal(200);
    expect(icon.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect(icon.text).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('exports the policy it sends', async () => {
    const res = await request(app).get('/');
    expect(res.headers['content-security-policy']).to.equal(PAGE_CONTENT_SECURITY_POLICY);
  });

  it('answers 304 to a browser that holds the current version, and 200 to one that holds another', async () => {
    const first = await request(app).get('/js/main.js');
    const revalidated = await request(app).get('/js/main.js').set('If-None-Match', first.headers.etag!);
    expect(revalidated.status).to.equal(304);
    expect(revalidated.text).to.equal('');
    expect(revalidated.headers.etag).to.equal(first.headers.etag);
    const stale = await request(app).get('/js/main.js').set('If-None-Match', '"an-older-version"');
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

  // Nothing but the page's files can be reached: a traversal or a guessed name gets the app's own 404, not a file.
  it('passes every other path and method to the app, serving no other file', async () => {
    const paths = [
      '/index.html', '/public/app.css', '/public/js/main.js', '/public/', '/src/index.ts', '/src/router.ts', '/package.json', '/test/',
      '/..%2fpackage.json', '/%2e%2e/package.json', '/%2e%2e%2fpackage.json', '/..%5cpackage.json', '/..%2f..%2fpackage.json',
      '/js/..%2f..%2fpackage.json', '/js/%2e%2e/%2e%2e/package.json', '/js/..%2fapp.css', '/js/%2e%2e/index.html',
      '/js/main.js%00.html', '/js/main.js.map', '/app.css/../package.json', '/js/main.js/../../package.json',
      '/APP.CSS', '/JS/main.js', '/js/MAIN.JS', '/js/main.js/', '/js/main.mjs', '/js/main', '/js/', '/js', '/main.js', '/app.js', '/favicon.svg/', '/FAVICON.SVG',
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
