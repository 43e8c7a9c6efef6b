import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Router, type Response } from 'express';

/** public/ sits beside src/ and beside dist/, so the same URL works from the sources and from the build. */
const PUBLIC_DIR = new URL('../public/', import.meta.url);

/** Only this origin's script, style, images and API; no plugins, no framing, no form posts, no <base> rewrites. */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  route: string;
  file: string;
  contentType: string;
}

/**
 * The whole page: nothing else is served, so no path can reach another file. The page's modules import each other by
 * relative path, so each is served at its path under public/; the router's tests fail if a file in public/ is missing here.
 */
const PAGE_FILES: readonly string[] = [
  'index.html',
  'app.css',
  'favicon.svg',
  'js/address.js',
  'js/api.js',
  'js/author-standing.js',
  'js/bulk-decisions.js',
  'js/claims-api.js',
  'js/claims.js',
  'js/comment-export.js',
  'js/days.js',
  'js/decisions-api.js',
  'js/decisions.js',
  'js/dom.js',
  'js/excluded-note.js',
  'js/export-api.js',
  'js/field-errors.js',
  'js/filters.js',
  'js/flags.js',
  'js/key-store.js',
  'js/keys.js',
  'js/main.js',
  'js/marked-text.js',
  'js/outcomes.js',
  'js/overview-api.js',
  'js/overview-view.js',
  'js/overview.js',
  'js/page.js',
  'js/policy-api.js',
  'js/policy-form.js',
  'js/policy-history.js',
  'js/policy.js',
  'js/queue-card.js',
  'js/queue-details.js',
  'js/queue-filters.js',
  'js/queue-list.js',
  'js/queue-status.js',
  'js/queue.js',
  'js/rankings-api.js',
  'js/rankings-table.js',
  'js/rankings.js',
  'js/selection.js',
  'js/sentiment-table.js',
  'js/sentiment.js',
  'js/session-end.js',
  'js/session.js',
  'js/spans.js',
  'js/undo.js',
  'js/views.js',
  'js/webhook-actions.js',
  'js/webhook-attempts.js',
  'js/webhook-card.js',
  'js/webhook-secret.js',
  'js/webhook-status.js',
  'js/webhooks-api.js',
  'js/webhooks.js',
];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
};

/** index.html is the page at `/` (and only there); every other file at its own path. */
function pageAsset(file: string): Asset {
  const contentType = CONTENT_TYPES[extname(file)];
  if (!contentType) throw new Error(`moderator web: no content type for ${file}`);
  return { route: file === 'index.html' ? '/' : `/${file}`, file, contentType };
}

interface LoadedAsset extends Asset {
  body: Buffer;
  etag: string;
}

/**
 * The page for moderators and analysts at `/`, with its stylesheet `/app.css` and its modules under `/js/`. The files are read
 * once, here; every other request passes on to the app. The page is public: everything it shows comes from the authenticated API.
 */
export function moderatorWebRouter(): Router {
  // Exactly these paths: not /APP.CSS, not /js/main.js/.
  const router = Router({ caseSensitive: true, strict: true });
  for (const asset of PAGE_FILES.map(pageAsset).map(loadAsset)) {
    router.get(asset.route, (_req, res) => {
      setPageHeaders(res, asset);
      // res.send keeps our ETag and answers 304 when the browser's If-None-Match still matches.
      res.send(asset.body);
    });
  }
  // Browsers and tools ask for /favicon.ico on their own when nothing names an icon (an API document opened in a tab,
  // say): point them at the page's icon rather than answer 404. Relative, so it holds wherever the router is mounted.
  router.get('/favicon.ico', (_req, res) => res.redirect(301, 'favicon.svg'));
  return router;
}

function loadAsset(asset: Asset): LoadedAsset {
  const body = readFileSync(new URL(asset.file, PUBLIC_DIR));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { ...asset, body, etag };
}

function setPageHeaders(res: Response, asset: LoadedAsset): void {
  res.set({
    'Content-Type': asset.contentType,
    'Content-Security-Policy': PAGE_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Revalidate on every load (a 304 when unchanged), so a deploy reaches moderators at once.
    'Cache-Control': 'no-cache',
    ETag: asset.etag,
  });
}
