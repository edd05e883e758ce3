// A real OpenID provider (oidc-provider) for the gateway's identity-provider tests.
//
// It issues JWT access tokens for one API resource through the client_credentials grant with a
// resource indicator, and publishes its signing keys at the discovery document's jwks_uri. A small
// control API on the same port (/control/...) lets a test rotate keys, make discovery and JWKS
// answer 503 or hang, and read how many discovery and JWKS calls the provider answered.
//
// With WEB_REDIRECT_URIS set it also has a public client for a single-page app (WEB_CLIENT_ID, default
// liveness-sample-web): authorization code with PKCE, the redirect URIs WEB_REDIRECT_URIS (comma-separated;
// CORS for their origins), the same JWT access tokens for the API resource. The user signs in on
// oidc-provider's development login page (any login and password; the login becomes the token's sub) and
// then consents. Its keys are an RS256 and an ES256 key from the start, so the signing algorithm can
// change (control/signing-alg) without a key the gateway has not seen.
//
// Settings come from the environment: PORT, AUDIENCE, CLIENT_ID, CLIENT_SECRET, WEB_CLIENT_ID,
// WEB_REDIRECT_URIS, SIGNING_ALG (RS256, the default, or ES256: the algorithm of the access tokens), KEEP_RUNNING.
// Once it listens it prints one line, "listening <issuer>", on stdout.
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.PORT ?? 0);
const audience = process.env.AUDIENCE ?? 'liveness-gateway';
const clientId = process.env.CLIENT_ID ?? 'liveness-test-client';
const clientSecret = process.env.CLIENT_SECRET ?? randomUUID();
const issuer = `http://127.0.0.1:${port}`;
const resource = 'urn:liveness:gateway';
const webClientId = process.env.WEB_CLIENT_ID ?? 'liveness-sample-web';
const webRedirectUris = (process.env.WEB_REDIRECT_URIS ?? '').split(',').filter(Boolean);

// Newest first; the newest key of the signing algorithm signs.
let keys = [];
let signingAlg = process.env.SIGNING_ALG ?? 'RS256';
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

function webClient() {
  // A browser app: no secret, so PKCE is required (oidc-provider requires it for public clients).
  return {
    client_id: webClientId,
    application_type: 'web',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: webRedirectUris,
    post_logout_redirect_uris: webRedirectUris,
    token_endpoint_auth_method: 'none',
  };
}

function buildProvider() {
  const clients = [{
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_post',
  }];
  if (webRedirectUris.length > 0) {
    clients.push(webClient());
  }

  const provider = new Provider(issuer, {
    clients,
    jwks: { keys },
    scopes: ['liveness'],
    features: {
      // The development login and consent pages, only when there is a client that signs users in.
      devInteractions: { enabled: webRedirectUris.length > 0 },
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

// An RS256 key always (ID tokens are RS256); an ES256 key too for the web client or ES256 access tokens.
keys = webRedirectUris.length > 0 || signingAlg === 'ES256' ? [newKey('ES256'), newKey('RS256')] : [newKey('RS256')];
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
    case 'signing-alg': {
      // The newest published key of this algorithm signs the access tokens from now on.
      const alg = arg('value');
      if (!keys.some((k) => k.alg === alg)) {
        return json(res, 400, { error: `no ${alg} key` });
      }
      signingAlg = alg;
      callback = buildProvider().callback();
      console.log(`signing-alg ${alg}`);
      return json(res, 200, { signingAlg });
    }
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
// The test process owns this one: when it goes away (stdin closes), so does the provider. Started by a
// script instead (KEEP_RUNNING=1, as samples/web/run does), it runs until it is sent SIGINT or SIGTERM.
if (process.env.KEEP_RUNNING !== '1') {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
