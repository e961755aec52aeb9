// OpenID Connect sign-in: authorization code with PKCE (RFC 7636) against the authority, as a public client.
// Hand-written rather than MSAL.js: @azure/msal-browser would be several times the size of this whole page, and the
// page needs only one redirect, one token request and a session-scoped token (no silent renewal, no caches, no
// popups). When the token expires the admin signs in again.

export interface OidcConfig {
  authority: string;
  clientId: string;
  scope: string;
}

export interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A random code verifier: 32 random bytes, base64url (43 characters, within RFC 7636's 43–128). */
export function newVerifier(random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return b64url(random(new Uint8Array(32)));
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return b64url(new Uint8Array(digest));
}

/** The authorize URL the browser is sent to. */
export function authorizeUrl(d: Discovery, c: OidcConfig, redirectUri: string, challenge: string, state: string): string {
  const q = new URLSearchParams({
    client_id: c.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: `openid profile ${c.scope}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${d.authorization_endpoint}?${q.toString()}`;
}

/** The body of the token request that trades the code for an access token. */
export function tokenRequestBody(c: OidcConfig, code: string, verifier: string, redirectUri: string): string {
  return new URLSearchParams({
    client_id: c.clientId,
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    scope: `openid profile ${c.scope}`,
  }).toString();
}

export async function discover(authority: string): Promise<Discovery> {
  const r = await fetch(`${authority.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!r.ok) throw new Error(`OpenID discovery failed: ${r.status}`);
  return (await r.json()) as Discovery;
}
