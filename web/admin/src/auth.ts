// The admin's credential for this browser tab: the admin key or an OIDC access token, kept in sessionStorage (gone
// when the tab closes) and sent as a bearer token on every API call.
import { authorizeUrl, challengeOf, discover, newVerifier, tokenRequestBody, type OidcConfig } from './pkce';

const TOKEN = 'trig.admin.token';
const MODE = 'trig.admin.mode';
const VERIFIER = 'trig.admin.pkce.verifier';
const STATE = 'trig.admin.pkce.state';

export const redirectUri = (): string => `${location.origin}${location.pathname}`;

export function currentToken(): string | null {
  return sessionStorage.getItem(TOKEN);
}

export function signInMode(): string | null {
  return sessionStorage.getItem(MODE);
}

export function signInWithKey(key: string): void {
  sessionStorage.setItem(TOKEN, key.trim());
  sessionStorage.setItem(MODE, 'admin key');
}

export function signOut(): void {
  for (const k of [TOKEN, MODE, VERIFIER, STATE]) sessionStorage.removeItem(k);
}

/** True inside an iframe (a Dynamics web resource or custom page): Entra ID's sign-in page refuses to be framed. */
export const framed = (): boolean => window.self !== window.top;

const MESSAGE = 'trig-admin-oidc';

export async function startOidc(config: OidcConfig, onSignedIn: () => void): Promise<void> {
  const d = await discover(config.authority);
  const verifier = newVerifier();
  const state = newVerifier();
  sessionStorage.setItem(VERIFIER, verifier);
  sessionStorage.setItem(STATE, state);
  const url = authorizeUrl(d, config, redirectUri(), await challengeOf(verifier), state);
  if (!framed()) {
    location.assign(url);
    return;
  }

  // Framed: sign in in a pop-up, which hands the code back (same origin only) and closes; the frame trades it.
  const listener = (e: MessageEvent): void => {
    const data = e.data as { type?: string; search?: string };
    if (e.origin !== location.origin || data?.type !== MESSAGE || !data.search) return;
    window.removeEventListener('message', listener);
    void completeOidc(config, data.search).then((ok) => ok && onSignedIn());
  };
  window.addEventListener('message', listener);
  window.open(url, 'trig-admin-signin', 'width=520,height=680');
}

/** In the sign-in pop-up, back from the authority: hand the code to the frame that opened it. True when handed. */
export function handBackToOpener(): boolean {
  const opener = window.opener as Window | null;
  if (!opener || !new URLSearchParams(location.search).has('code')) return false;
  opener.postMessage({ type: MESSAGE, search: location.search }, location.origin);
  window.close();
  return true;
}

/** On the redirect back (?code=…&state=…): trades the code for an access token. True when it signed in. */
export async function completeOidc(config: OidcConfig, search: string = location.search): Promise<boolean> {
  const q = new URLSearchParams(search);
  const code = q.get('code');
  if (!code) return false;
  const verifier = sessionStorage.getItem(VERIFIER);
  if (!verifier || q.get('state') !== sessionStorage.getItem(STATE)) throw new Error('sign-in state mismatch: start again');
  const d = await discover(config.authority);
  const r = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(config, code, verifier, redirectUri()),
  });
  sessionStorage.removeItem(VERIFIER);
  sessionStorage.removeItem(STATE);
  if (search === location.search) history.replaceState(null, '', redirectUri());
  if (!r.ok) throw new Error(`token request failed: ${r.status}`);
  const token = ((await r.json()) as { access_token?: string }).access_token;
  if (!token) throw new Error('the token response has no access_token');
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(MODE, 'Entra ID');
  return true;
}
