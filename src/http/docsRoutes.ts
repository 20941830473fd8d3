import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../errors.js';
import { createRouter } from './router.js';

/**
 * `/api/docs`: the OpenAPI document rendered by Swagger UI (swagger-ui-dist), every file served
 * from this origin. The page is our own HTML with no inline script: Swagger UI is started by
 * `docs.js`, so the lab's Content-Security-Policy (script-src 'self', no 'unsafe-inline') holds
 * here as everywhere else.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>DualMind Lab API</title>
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
    <link rel="stylesheet" href="/api/docs/docs.css" />
  </head>
  <body>
    <header class="docs-head">
      <a href="/">DualMind Lab</a>
      <span>API reference: <a href="/api/openapi.json">openapi.json</a></span>
    </header>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/docs.js"></script>
  </body>
</html>
`;

/**
 * Starts Swagger UI on the lab's document; "Authorize" takes a bearer token for "Try it out".
 * Without deep links: Swagger UI puts each one inside its operation's toggle button, a link
 * nested in a button (axe: nested-interactive). The default code theme (agate) shows numbers
 * below AA contrast; tomorrow-night does not. Swagger UI also leaves parameter <select>s unnamed
 * and wide code samples out of keyboard reach; the observer names and reaches them as they appear.
 */
const START = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    syntaxHighlight: { theme: 'tomorrow-night' },
  });
  // Only what was added is searched, not the whole reference at every batch of mutations.
  function within(node, selector) {
    var found = Array.prototype.slice.call(node.querySelectorAll(selector));
    return node.matches(selector) ? found.concat(node) : found;
  }
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) return;
        within(node, 'tr[data-param-name] select:not([aria-label])').forEach(function (select) {
          select.setAttribute('aria-label', select.closest('tr').getAttribute('data-param-name'));
        });
        within(node, '.highlight-code pre:not([tabindex])').forEach(function (pre) {
          pre.setAttribute('tabindex', '0');
        });
      });
    });
  }).observe(root, { childList: true, subtree: true });
});
`;

/** A header back to the app, and Swagger UI's colours darkened to WCAG AA contrast (axe: color-contrast). */
const STYLE = `body { margin: 0; font-family: system-ui, sans-serif; }
.docs-head { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; justify-content: space-between; padding: 0.75rem 1.25rem; background: #1f2937; color: #f9fafb; }
.docs-head a { color: #bfdbfe; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1d4ed8; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #15803d; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #b45309; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #0f766e; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b91c1c; }
.swagger-ui .opblock.opblock-head .opblock-summary-method, .swagger-ui .opblock.opblock-options .opblock-summary-method { background: #6d28d9; }
.swagger-ui .info .title small.version-stamp { background: #3f6212; }
.swagger-ui .info .url { color: #1d4ed8; }
.swagger-ui .btn.authorize { color: #15803d; border-color: #15803d; }
.swagger-ui .btn.authorize svg { fill: #15803d; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #374151; }
.swagger-ui .parameter__in { color: #4b5563; }
`;

const assetsDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

interface Asset {
  type: string;
  body: () => Uint8Array<ArrayBuffer>;
}

/** Read on first request and kept: the bundle is 1.5 MB that only the docs page needs. */
function asset(type: string, read: () => Uint8Array<ArrayBuffer>): Asset {
  let cached: Uint8Array<ArrayBuffer> | undefined;
  return { type, body: () => (cached ??= read()) };
}
const fromPackage = (file: string, type: string) => asset(type, () => new Uint8Array(fs.readFileSync(path.join(assetsDir, file))));
const fromText = (text: string, type: string) => asset(type, () => new TextEncoder().encode(text));

/** The only files served: nothing else under the package (or the disk) is reachable by name. */
const ASSETS: Record<string, Asset> = {
  'swagger-ui-bundle.js': fromPackage('swagger-ui-bundle.js', 'text/javascript; charset=utf-8'),
  'swagger-ui.css': fromPackage('swagger-ui.css', 'text/css; charset=utf-8'),
  'favicon-32x32.png': fromPackage('favicon-32x32.png', 'image/png'),
  'docs.js': fromText(START, 'text/javascript; charset=utf-8'),
  'docs.css': fromText(STYLE, 'text/css; charset=utf-8'),
};

const pageRoute = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['docs'],
  summary: 'This API reference, rendered (Swagger UI)',
  responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } } },
});

const assetRoute = createRoute({
  method: 'get',
  path: '/docs/{file}',
  tags: ['docs'],
  summary: 'A file of the rendered reference (Swagger UI’s script and styles)',
  request: { params: z.object({ file: z.string().max(100) }) },
  responses: {
    200: { description: 'The file', content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() }, 'image/png': { schema: z.string() } } },
    404: { description: 'No such file' },
  },
});

/** Mounted under /api; open to everyone, like `/api/openapi.json`. */
export function docsRoutes() {
  const router = createRouter();
  // Neither answer is JSON: documented here, served by plain handlers.
  router.openAPIRegistry.registerPath(pageRoute);
  router.openAPIRegistry.registerPath(assetRoute);
  router.get('/docs', (c) => c.html(PAGE));
  router.get('/docs/:file', (c) => {
    const name = c.req.param('file');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw new NotFoundError(`No file ${name} in the API reference`);
    c.header('content-type', asset.type);
    c.header('cache-control', 'public, max-age=3600');
    return c.body(asset.body());
  });
  return router;
}
