// Starts Swagger UI (swagger-ui-bundle.js, loaded before this file) on the API's own document. Served as a file, not
// inline, so the page's Content-Security-Policy needs no 'unsafe-inline' for scripts.

/** @typedef {{ presets: { apis: unknown } }} SwaggerUIBundleStatics */
/** @typedef {((options: Record<string, unknown>) => unknown) & SwaggerUIBundleStatics} SwaggerUIBundle */

const bundle = /** @type {{ SwaggerUIBundle?: SwaggerUIBundle }} */ (/** @type {unknown} */ (window)).SwaggerUIBundle;
if (!bundle) throw new Error('docs: swagger-ui-bundle.js did not load');

bundle({
  // Beside the page (/docs → /openapi.json), so it works behind a proxy that mounts the API under a prefix.
  url: new URL('openapi.json', document.baseURI).href,
  dom_id: '#swagger-ui',
  presets: [bundle.presets.apis],
  layout: 'BaseLayout',
  deepLinking: true,
  // No badge from validator.swagger.io: the page calls nothing outside this origin.
  validatorUrl: null,
});
