import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler, type Response } from 'express';

/** Swagger UI's prebuilt bundle, from node_modules: the reference page loads nothing from another origin. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** public/ sits beside src/ and beside dist/, so the same path works from the sources and from the build. */
const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** Every file /docs/assets/ serves, and where it lives; any other name passes on to the app's 404. */
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', SWAGGER_UI_DIR],
  ['swagger-ui-bundle.js', SWAGGER_UI_DIR],
  ['favicon-32x32.png', SWAGGER_UI_DIR],
  ['docs.js', PUBLIC_DIR],
]);

/**
 * Scripts and styles of this origin only. Swagger UI sets inline style attributes (hence 'unsafe-inline' for styles,
 * never for scripts) and draws icons as data: images; it fetches the document and "Try it out" requests from here.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /openapi.json`, the document; `GET /docs`, an interactive reference of it. Both public: they hold no data. */
export function openApiRouter(document: object, title: string): Router {
  const router = Router({ caseSensitive: true, strict: true });
  const json = JSON.stringify(document);
  const page = docsPage(title);
  router.get('/openapi.json', (_req, res) => {
    // Any origin may read it (an editor or a client generator elsewhere): it is the same for everyone.
    res.set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' }).type('application/json').send(json);
  });
  router.get('/docs', (_req, res) => {
    setDocsHeaders(res);
    res.type('html').send(page);
  });
  router.use('/docs/assets', docsAssets());
  return router;
}

function docsAssets(): RequestHandler {
  const servers = new Map([...new Set(ASSETS.values())].map((dir) => [dir, express.static(dir, { index: false, redirect: false, fallthrough: true, setHeaders: setDocsHeaders })]));
  return (req, res, next) => {
    const dir = ASSETS.get(req.path.slice(1));
    if (!dir || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    void servers.get(dir)!(req, res, next);
  };
}

function setDocsHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function docsPage(title: string): string {
  const text = title.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${text}</title>
    <link rel="stylesheet" href="docs/assets/swagger-ui.css">
    <link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script src="docs/assets/docs.js"></script>
  </body>
</html>
`;
}
