import { describe, expect, it } from 'vitest';
import { authorizeUrl, challengeOf, newVerifier, tokenRequestBody } from '../src/pkce';

const config = { authority: 'https://login.example/tenant/v2.0', clientId: 'client-1', scope: 'api://trig/admin' };

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', async () => {
    expect(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a 43-character base64url verifier from 32 random bytes', () => {
    const v = newVerifier((b) => b.fill(255));
    expect(v).toBe('_'.repeat(42) + '8');
    expect(newVerifier()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('sends the code challenge, state and scope to the authorize endpoint', () => {
    const url = new URL(authorizeUrl({ authorization_endpoint: 'https://login.example/authorize', token_endpoint: 't' }, config, 'https://trig.example/admin', 'CH', 'ST'));
    expect(url.origin + url.pathname).toBe('https://login.example/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      response_type: 'code',
      redirect_uri: 'https://trig.example/admin',
      scope: 'openid profile api://trig/admin',
      code_challenge: 'CH',
      code_challenge_method: 'S256',
      state: 'ST',
    });
  });

  it('trades the code with the verifier', () => {
    const body = new URLSearchParams(tokenRequestBody(config, 'CODE', 'VERIFIER', 'https://trig.example/admin'));
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(body.get('code')).toBe('CODE');
    expect(body.get('code_verifier')).toBe('VERIFIER');
    expect(body.get('client_id')).toBe('client-1');
  });
});
