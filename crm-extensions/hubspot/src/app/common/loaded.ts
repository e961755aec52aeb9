import { hubspot } from '@hubspot/ui-extensions';
import type { Fetcher } from './trigApi';

/** A value being fetched: loading, ready, or failed with the message to show. */
export type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string };

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

// Read hubspot.fetch at call time, not import time, so that tests can replace it.
export const hubspotFetch: Fetcher = (url, options) => hubspot.fetch(url, options);

/** Runs a load and reports each state to `set`. */
export function load<T>(run: Promise<T>, set: (s: Loaded<T>) => void) {
  set({ kind: 'loading' });
  run.then(
    (data) => set({ kind: 'ready', data }),
    (e: unknown) => set({ kind: 'error', message: errorMessage(e) }),
  );
}
