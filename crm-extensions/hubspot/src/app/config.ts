/**
 * Where the Trig worker's HTTP API is reachable from HubSpot (no trailing slash).
 *
 * Set this to your deployment's public URL (the worker's `Trig:Http:PublicBaseUrl`) before
 * `hs project upload`, and put the same origin in `permittedUrls.fetch` of `src/app/app-hsmeta.json`:
 * HubSpot refuses `hubspot.fetch` to any URL not listed there.
 */
export const TRIG_BASE_URL = 'https://trig.example.com';

/** hubspot.fetch allows at most 15 s; we give up a little earlier so the card can say so. */
export const FETCH_TIMEOUT_MS = 10_000;

/**
 * The outcome the home page's retention-gap chart ranks by when it opens (the admin can change it there): a
 * criteria condition that holds for retained organisations (docs/insights.md). The demo's is below.
 */
export const RETENTION_OUTCOME = 'subscription_status = active';

/** Only completions this early after the chance began count for the retention gap (empty = any time). */
export const RETENTION_WITHIN = '7d';
