// The sample app's own origin: a small static server (no dependencies) for public/, the compiled dist/, the three
// browser packages the app imports (through the import map in index.html) and /config.json, built from the
// environment so one build runs anywhere. It sends a Content-Security-Policy naming exactly the origins the app
// talks to: the gateway, the OpenID provider and wherever the liveness UI's module comes from.
//
// Environment: PORT (default 5173), HOST (default 127.0.0.1), GATEWAY_URL, AUTHORITY, CLIENT_ID, SCOPE, RESOURCE,
// LIVENESS_UI (the module URL: the one swap, see README.md), ASSERTION_AUDIENCE, GATED_ROUTE.
// Once it listens it prints one line, "listening <url>", on stdout.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';

const config = {
  gateway: process.env.GATEWAY_URL ?? 'http://127.0.0.1:5080',
  authority: process.env.AUTHORITY ?? 'http://127.0.0.1:5090',
  clientId: process.env.CLIENT_ID ?? 'liveness-sample-web',
  scope: process.env.SCOPE ?? 'openid liveness',
  resource: process.env.RESOURCE ?? 'urn:liveness:gateway',
  livenessUi: process.env.LIVENESS_UI ?? 'http://127.0.0.1:5299/emulator/ui/azure-ai-vision-face-ui.js',
  assertionAudience: process.env.ASSERTION_AUDIENCE ?? 'sample-backend',
  gatedRoute: process.env.GATED_ROUTE ?? '/api/backend/who-passed',
};

// Only these packages are served from node_modules, and only their files.
const vendor = new Set(['oidc-client-ts', 'jwt-decode', 'openapi-fetch']);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
};

const index = await readFile(join(root, 'public', 'index.html'), 'utf8');
const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(index)[1];
const origins = [...new Set([config.gateway, config.authority, config.livenessUi].map((url) => new URL(url).origin))];
const csp = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${createHash('sha256').update(importMap).digest('base64')}' ${new URL(config.livenessUi).origin}`,
  `connect-src 'self' ${origins.join(' ')}`,
  "img-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'", // the liveness UI styles its shadow DOM
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function fileFor(pathname) {
  if (pathname === '/') {
    return join(root, 'public', 'index.html');
  }

  if (pathname.startsWith('/dist/')) {
    return within(join(root, 'dist'), pathname.slice('/dist/'.length));
  }

  if (pathname.startsWith('/vendor/')) {
    const [name, ...rest] = pathname.slice('/vendor/'.length).split('/');
    return vendor.has(name) ? within(join(root, 'node_modules', name), rest.join('/')) : null;
  }

  return within(join(root, 'public'), pathname.slice(1));
}

function within(folder, relative) {
  const path = normalize(join(folder, decodeURIComponent(relative)));
  return path.startsWith(folder + sep) ? path : null;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }

  if (url.pathname === '/config.json') {
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify(config));
    return;
  }

  const file = fileFor(url.pathname);
  try {
    const body = file ? await readFile(file) : null;
    if (!body) {
      throw new Error('not found');
    }

    res.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
  }
});

server.listen(port, host, () => console.log(`listening http://${host}:${server.address().port}/`));

function stop() {
  server.closeAllConnections();
  server.close(() => process.exit(0));
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
