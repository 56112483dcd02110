// RSA and ECDSA JWTs signed with node:crypto, the fixed conformance keys, and a JWKS
// endpoint served on loopback for the JWKS scenarios.

import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const here = new URL('..', import.meta.url);

/** The private halves of client.token.rsa_public_key / ecdsa_public_key in config.json. */
export const RSA_KEY = createPrivateKey(readFileSync(new URL('keys/rsa-private.pem', here)));
export const ECDSA_KEY = createPrivateKey(readFileSync(new URL('keys/ecdsa-private.pem', here)));

const HASH = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' };

function b64url(buf) {
  return Buffer.from(buf).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * A JWT signed with `alg` (RS* or ES*). ECDSA signatures are raw R||S as JWS wants,
 * unless `der` is set (a wrong encoding, for negative tests).
 */
export function signJwt(alg, key, claims, { kid, der = false } = {}) {
  const header = { alg, typ: 'JWT', ...(kid ? { kid } : {}) };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signer = alg.startsWith('ES') ? { key, dsaEncoding: der ? 'der' : 'ieee-p1363' } : key;
  return `${input}.${b64url(sign(HASH[alg], Buffer.from(input), signer))}`;
}

/** A fresh key pair: 'rsa' or an EC curve name such as 'P-256'. */
export function keyPair(kind) {
  return kind === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: kind });
}

/** The public JWK of a private or public key, with its kid. */
export function jwk(key, kid) {
  return { ...createPublicKey(key).export({ format: 'jwk' }), kid, use: 'sig' };
}

/**
 * Serves `{"keys": [...]}` at http://127.0.0.1:<port>/jwks. `setKeys` replaces the set
 * (key rotation); `fetches` counts the requests. Resolves once listening.
 */
export async function serveJwks(port) {
  let keys = [];
  const state = {
    fetches: 0,
    setKeys(list) {
      keys = list;
    },
  };
  const server = createServer((req, res) => {
    state.fetches += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
