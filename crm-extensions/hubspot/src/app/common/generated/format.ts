// generated from crm-extensions/common — do not edit. Edit crm-extensions/common/src/format.ts and run `node crm-extensions/common/sync.mjs` (npm test and npm run build in each extension run it).
// Display helpers for every Trig card surface (HubSpot card and settings page, Dynamics PCF control, the
// worker's local preview), so a record reads the same wherever it is shown.
// Dates are shown in UTC so that every viewer (and every test) sees the same day, and are formatted by hand:
// Intl's month names depend on the browser's ICU data ("Sep" or "Sept" for en-GB).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-03T10:00:00Z" → "3 Nov 2026" (UTC); null, empty or unparsable → "—". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Time in a stage: 23.04 → "23 days", 1 → "1 day", 0.4 → "less than a day". */
export function formatDays(days: number): string {
  if (days < 1) return 'less than a day';
  const n = Math.floor(days);
  return n === 1 ? '1 day' : `${n} days`;
}

/** Benchmarks keep one decimal: 6.1 → "6.1 days", 1 → "1 day". */
export function formatBenchmark(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return rounded === 1 ? '1 day' : `${rounded} days`;
}

/**
 * How long before now iso was: "just now", "5 minutes ago", "3 hours ago", "2 days ago" (whole units, rounded
 * down; a time in the future reads "just now"); null or unparsable → "—".
 */
export function formatAgo(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60000);
  if (Number.isNaN(minutes)) return '—';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * The card footer's freshness, from the time of the last evaluation that touched the entity (CardView.evaluatedAt,
 * never the time the card was requested): "updated 3 hours ago"; null → "not evaluated yet".
 */
export function formatUpdated(evaluatedAt: string | null | undefined, now: Date = new Date()): string {
  return evaluatedAt ? `updated ${formatAgo(evaluatedAt, now)}` : 'not evaluated yet';
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string): Intl.NumberFormat | null {
  let format = moneyFormats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: 0,
        maximumFractionDigits: 0,
      });
    } catch {
      format = null; // not an ISO 4217 code: shown as "24,000 XYZ" below
    }
    moneyFormats.set(currency, format);
  }
  return format;
}

/**
 * Whole units with the currency's symbol: 24000 → "$24,000", (1234567.5, "EUR") → "€1,234,568",
 * -2500 → "-$2,500". Halves round up (Math.round). A code Intl does not know follows the number
 * ("24,000 XYZ"); NaN or ±Infinity → "—".
 */
export function formatMoney(amount: number, currency: string = 'USD'): string {
  if (!Number.isFinite(amount)) return '—';
  const whole = Math.round(amount) || 0; // || 0 turns -0 into 0, so -0.2 is "$0", not "-$0"
  const code = currency.trim().toUpperCase() || 'USD';
  const format = moneyFormat(code);
  if (format) return format.format(whole);
  const digits = Math.abs(whole).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole < 0 ? '-' : ''}${digits} ${code}`;
}

/** A rate from 0 to 1 as a whole percentage: 0.75 → "75%", 0.125 → "13%"; null or NaN → "—". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${Math.round(rate * 100)}%`;
}

const statusLabels: Record<string, string> = {
  completed: 'Completed',
  active: 'In progress',
  exited: 'Exited',
  not_started: 'Not started',
  entered: 'Entered',
  follow_up: 'Follow-up',
  live: 'Live',
  paused: 'Paused',
};

/** The display label of a status or transition ("active" → "In progress"); unknown values are shown as they are. */
export function label(status: string): string {
  return Object.prototype.hasOwnProperty.call(statusLabels, status) ? statusLabels[status] : status;
}
