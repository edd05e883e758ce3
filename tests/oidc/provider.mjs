// A real OpenID provider (oidc-provider) for the gateway's identity-provider tests.
//
// It issues JWT access tokens for one API resource through the client_credentials grant with a
// resource indicator, and publishes its signing keys at the discovery document's jwks_uri. A small
// control API on the same port (/control/...) lets a test rotate keys, make discovery and JWKS
// answer 503 or hang, and read how many discovery and JWKS calls the provider answered.
//
// Settings come from the environment: PORT, AUDIENCE, CLIENT_ID, CLIENT_SECRET. Once it listens it
// prints one line, "listening <issuer>", on stdout.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.PORT ?? 0);
const audience = process.env.AUDIENCE ?? 'liveness-gateway';
const clientId = process.env.CLIENT_ID ?? 'liveness-test-client';
const clientSecret = process.env.CLIENT_SECRET ?? randomUUID();
const issuer = `http://127.0.0.1:${port}`;
const resource = 'urn:liveness:gateway';

// Newest first; the newest key of the signing algorithm signs.
let keys = [];
let signingAlg = 'RS256';
// ok | unavailable (discovery and JWKS answer 503) | hang (discovery and JWKS never answer)
let mode = 'ok';
const calls = { metadata: 0, jwks: 0, token: 0 };
const held = new Set();

function newKey(alg) {
  const pair = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = pair.privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomUUID(), alg, use: 'sig' };
}

function buildProvider() {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys },
    scopes: ['liveness'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, indicator) => {
          if (indicator !== resource) {
            throw new errors.InvalidTarget();
          }
          const key = keys.find((k) => k.alg === signingAlg);
          return {
            scope: 'liveness',
            audience,
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: signingAlg, kid: key?.kid } },
          };
        },
      },
    },
  });
  provider.on('server_error', (ctx, error) => console.error(`server_error ${error.message}`));
  return provider;
}

keys = [newKey('RS256')];
let callback = buildProvider().callback();

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function control(req, res, url) {
  const action = url.pathname.slice('/control/'.length);
  const arg = (name) => url.searchParams.get(name);
  switch (action) {
    case 'calls':
      return json(res, 200, calls);
    case 'keys':
      return json(res, 200, { keys: keys.map((k) => ({ kid: k.kid, alg: k.alg })), signingAlg });
    case 'mode':
      mode = arg('value');
      console.log(`mode ${mode}`);
      return json(res, 200, { mode });
    case 'add-key': {
      // A new key, first in the set: it signs the tokens of its algorithm from now on.
      const alg = arg('alg') ?? signingAlg;
      const key = newKey(alg);
      keys = [key, ...keys];
      signingAlg = alg;
      callback = buildProvider().callback();
      console.log(`add-key ${key.kid} ${alg}`);
      return json(res, 200, { kid: key.kid });
    }
    case 'remove-key': {
      keys = keys.filter((k) => k.kid !== arg('kid'));
      callback = buildProvider().callback();
      console.log(`remove-key ${arg('kid')}`);
      return json(res, 200, { keys: keys.map((k) => k.kid) });
    }
    default:
      return json(res, 404, { error: 'unknown control action' });
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname.startsWith('/control/')) {
    return control(req, res, url);
  }

  const kind = url.pathname === '/.well-known/openid-configuration' ? 'metadata'
    : url.pathname === '/jwks' ? 'jwks'
      : url.pathname === '/token' ? 'token' : null;
  if (kind) {
    calls[kind] += 1;
    console.log(`call ${kind} ${mode}`);
  }

  if (kind === 'metadata' || kind === 'jwks') {
    if (mode === 'unavailable') {
      return json(res, 503, { error: 'temporarily_unavailable' });
    }
    if (mode === 'hang') {
      held.add(res); // accepted, never answered
      return undefined;
    }
  }

  return callback(req, res);
});

server.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));

function stop() {
  held.clear();
  server.closeAllConnections();
  server.close(() => process.exit(0));
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test process owns this one: when it goes away (stdin closes), so does the provider.
process.stdin.on('end', stop);
process.stdin.resume();
