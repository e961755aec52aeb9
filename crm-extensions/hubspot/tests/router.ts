import { vi } from 'vitest';
import { hubspot } from '@hubspot/ui-extensions';
import { TRIG_BASE_URL } from '../src/app/config';
import { json } from './fixtures';

export type Route = (url: string, method: string, body: unknown) => Response | undefined;

/** Replaces hubspot.fetch with a tiny router over the Trig admin API; unknown routes answer 500. */
export function mockTrig(...routes: Route[]) {
  return vi.spyOn(hubspot, 'fetch').mockImplementation(async (url, options) => {
    const path = String(url).replace(TRIG_BASE_URL, '');
    const method = options?.method ?? 'GET';
    for (const route of routes) {
      const response = route(path, method, options?.body);
      if (response) return response;
    }
    return json(500, { title: `unexpected ${method} ${path}` });
  });
}

export const on =
  (method: string, path: string, respond: (body: unknown) => Response): Route =>
  (p, m, body) =>
    p === path && m === method ? respond(body) : undefined;

/** The calls made to one path (method and body), in order. */
export function callsTo(fetch: ReturnType<typeof mockTrig>, path: string) {
  return fetch.mock.calls
    .filter(([url]) => String(url) === `${TRIG_BASE_URL}${path}`)
    .map(([, o]) => ({ method: o?.method ?? 'GET', body: o?.body as { [key: string]: unknown } | undefined }));
}
