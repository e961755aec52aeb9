// Display helpers shared by the card and the settings page. Dates are shown in UTC so that every viewer
// (and every test) sees the same day.

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dateFormat.format(d);
}

/** 23.04 → "23 days", 1 → "1 day", 0.4 → "less than a day". */
export function formatDays(days: number): string {
  if (days < 1) return 'less than a day';
  const n = Math.floor(days);
  return n === 1 ? '1 day' : `${n} days`;
}

/** Benchmarks keep one decimal: 6.1 → "6.1 days". */
export function formatBenchmark(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return rounded === 1 ? '1 day' : `${rounded} days`;
}

export function formatMoney(amount: number): string {
  return wholeNumber.format(amount);
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
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

export function label(status: string): string {
  return statusLabels[status] ?? status;
}
