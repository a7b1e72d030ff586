// A real OpenID Connect provider (the npm package oidc-provider) for PeerWorks' sign-in
// tests, on a free loopback port. tests/oidc/server.py starts it: the clients and the
// accounts come as JSON in PEERWORKS_TEST_IDP, and the first line on standard output
// names the issuer once it listens.
//
// Its sign-in page is a one-field form (which account) instead of oidc-provider's
// development pages, so a test can drive it over plain HTTP; consent is given at once,
// as an agency's own provider does for its own staff.
import http from 'node:http';
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const { clients, accounts, clockOffsetMs } = JSON.parse(process.env.PEERWORKS_TEST_IDP);

// The suite may run with its clock moved (`make test-ahead`): the provider's moves with it,
// or PeerWorks would find every ID token expired or not yet valid.
if (clockOffsetMs) {
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + clockOffsetMs);
      else super(...args);
    }

    static now() {
      return RealDate.now() + clockOffsetMs;
    }
  };
}

function findAccount(ctx, id) {
  const account = accounts[id];
  if (!account) return undefined;
  return {
    accountId: id,
    async claims() {
      return { sub: id, ...account };
    },
  };
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function page(res, status, html) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>Test identity provider</title>${html}`);
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session, grantId } = details;
  if (prompt.name === 'login') {
    if (req.method === 'POST') {
      const login = (await readForm(req)).get('login');
      if (!accounts[login]) return page(res, 200, '<p>No such account.</p>');
      return provider.interactionFinished(req, res, { login: { accountId: login } }, {
        mergeWithLastSubmission: false,
      });
    }
    return page(res, 200, `<form method="post" action="/interaction/${uid}">
      <label>Account <input name="login"></label><button>Sign in</button></form>`);
  }
  // Consent: grant what the client asked for.
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, {
    mergeWithLastSubmission: true,
  });
}

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig',
};

let provider;
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(provider, req, res).catch((error) => page(res, 500, `<p>${error.message}</p>`));
    return;
  }
  provider.callback()(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, {
    clients,
    findAccount,
    jwks: { keys: [signingKey] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, details) => `/interaction/${details.uid}` },
    pkce: { required: () => true },
  });
  console.log(JSON.stringify({ issuer }));
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
