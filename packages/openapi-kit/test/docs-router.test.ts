import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServiceApp, silentLogger } from '@moderato/service-kit';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { z } from 'zod';
import { launchChromiumOrSkip, pageTest } from '../../../test/support/moderator-browser.js';
import { DOCS_CONTENT_SECURITY_POLICY, createApiDocument, jsonResponse, openApiRouter, problemResponses } from '../src/index.js';
import { byPath, documentedOperations, servedOperations } from './support.js';

const document = createApiDocument({
  title: 'Docs <test>',
  version: '1',
  description: 'A small API.',
  securitySchemes: {},
  tags: [{ name: 'things' }],
  paths: {
    '/v1/things/{id}': {
      get: {
        tags: ['things'],
        summary: 'One thing',
        requestParams: { path: z.object({ id: z.string() }) },
        responses: { 200: jsonResponse('The thing.', z.object({ id: z.string() })), ...problemResponses(404) },
      },
    },
  },
});

function docsApp() {
  return createServiceApp({ service: 'docs-test', logger: silentLogger(), readiness: {} }, (app) => {
    app.use(openApiRouter(document, 'Docs <test>'));
    app.get('/v1/things/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
  });
}

/** Every src and href of the page. */
function references(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
}

describe('openapi-kit: /openapi.json and /docs', () => {
  const app = docsApp();

  it('serves the document as JSON, to any origin', async () => {
    const res = await request(app).get('/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(document)));
  });

  it('serves the reference page under its policy, referring to files of its own origin only, each served', async () => {
    const res = await request(app).get('/docs');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['content-security-policy']).to.equal(DOCS_CONTENT_SECURITY_POLICY);
    expect(res.text).to.contain('<title>Docs &lt;test&gt;</title>');
    const refs = references(res.text);
    expect(refs).to.have.length(4);
    for (const ref of refs) {
      const url = new URL(ref, 'http://api.example/docs');
      expect(url.origin, ref).to.equal('http://api.example');
      const asset = await request(app).get(url.pathname);
      expect(asset.status, ref).to.equal(200);
      expect(asset.headers['content-type'], ref).to.match(/^(text\/css|text\/javascript|application\/javascript|image\/png)/);
      expect(asset.headers['x-content-type-options'], ref).to.equal('nosniff');
    }
  });

  it('serves no other file of swagger-ui-dist or of the package, and nothing but GET', async () => {
    for (const path of ['/docs/assets/package.json', '/docs/assets/index.html', '/docs/assets/../package.json', '/docs/assets/%2e%2e/src/index.ts', '/docs/assets/swagger-ui-bundle.js.map', '/docs/', '/docs/assets/']) {
      const res = await request(app).get(path);
      expect(res.status, path).to.equal(404);
      expect(res.body.code, path).to.equal('route_not_found');
    }
    expect((await request(app).post('/docs/assets/docs.js')).status).to.equal(404);
  });

  it('reads the served routes off the app, routers included', () => {
    const served = servedOperations(app).sort(byPath);
    expect(served).to.deep.include.members([
      { method: 'get', path: '/openapi.json' },
      { method: 'get', path: '/docs' },
      { method: 'get', path: '/v1/things/{id}' },
      { method: 'get', path: '/healthz' },
    ]);
    expect(documentedOperations(document).sort(byPath)).to.deep.equal(served);
  });

  describe('in Chromium', function () {
    let browser: Browser;
    let server: Server;
    let baseUrl: string;

    before(async function () {
      browser = await launchChromiumOrSkip(this);
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await browser?.close();
      server?.close();
    });

    pageTest('draws every operation of the document, with no script error or policy violation', () => browser, async (page) => {
      const outside: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith(baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
      });
      await page.goto(`${baseUrl}/docs`);
      await page.locator('.opblock').first().waitFor();
      const operations = await page.locator('.opblock-summary-path').allTextContents();
      expect(operations.map((text) => text.replace(/\u200b/g, '')).sort()).to.deep.equal(documentedOperations(document).map((op) => op.path).sort());
      expect(outside).to.deep.equal([]);
    });
  });
});
