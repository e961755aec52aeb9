import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBenchmark,
  formatDate,
  formatDays,
  formatMoney,
  formatPercent,
  formatUpdated,
  label,
} from '../src/format';

describe('formatDate', () => {
  it('shows day, short month and year', () => {
    expect(formatDate('2026-11-03T10:00:00Z')).toBe('3 Nov 2026');
    expect(formatDate('2026-12-20T00:00:00.000Z')).toBe('20 Dec 2026');
  });

  it('uses the same three-letter month everywhere (no "Sept")', () => {
    expect(
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => formatDate(`2026-${m}-15T12:00:00Z`)),
    ).toEqual([
      '15 Jan 2026', '15 Feb 2026', '15 Mar 2026', '15 Apr 2026', '15 May 2026', '15 Jun 2026',
      '15 Jul 2026', '15 Aug 2026', '15 Sep 2026', '15 Oct 2026', '15 Nov 2026', '15 Dec 2026',
    ]);
  });

  it('shows the UTC day, whatever the offset in the string', () => {
    expect(formatDate('2026-11-01T23:30:00Z')).toBe('1 Nov 2026');
    expect(formatDate('2026-11-02T01:30:00+03:00')).toBe('1 Nov 2026');
    expect(formatDate('2026-10-31T22:30:00-02:00')).toBe('1 Nov 2026');
  });

  it('shows a dash for no date or a date it cannot read', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('not a date')).toBe('—');
  });
});

describe('formatDays', () => {
  it('counts whole days, rounded down', () => {
    expect(formatDays(23.04)).toBe('23 days');
    expect(formatDays(23.99)).toBe('23 days');
    expect(formatDays(2)).toBe('2 days');
  });

  it('says "1 day" and "less than a day"', () => {
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(1.9)).toBe('1 day');
    expect(formatDays(0.4)).toBe('less than a day');
    expect(formatDays(0)).toBe('less than a day');
  });
});

describe('formatBenchmark', () => {
  it('keeps one decimal', () => {
    expect(formatBenchmark(6.1)).toBe('6.1 days');
    expect(formatBenchmark(2.5)).toBe('2.5 days');
    expect(formatBenchmark(3.14159)).toBe('3.1 days');
    expect(formatBenchmark(4)).toBe('4 days');
    expect(formatBenchmark(0.5)).toBe('0.5 days');
  });

  it('says "1 day" for one day after rounding', () => {
    expect(formatBenchmark(1)).toBe('1 day');
    expect(formatBenchmark(1.04)).toBe('1 day');
    expect(formatBenchmark(1.06)).toBe('1.1 days');
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-11-24T13:00:00Z');

  it('counts whole minutes, hours and days before now', () => {
    expect(formatAgo('2026-11-24T12:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-11-24T12:59:00Z', now)).toBe('1 minute ago');
    expect(formatAgo('2026-11-24T12:55:00Z', now)).toBe('5 minutes ago');
    expect(formatAgo('2026-11-24T12:00:01Z', now)).toBe('59 minutes ago');
    expect(formatAgo('2026-11-24T12:00:00Z', now)).toBe('1 hour ago');
    expect(formatAgo('2026-11-24T10:00:00.000Z', now)).toBe('3 hours ago');
    expect(formatAgo('2026-11-23T13:00:01Z', now)).toBe('23 hours ago');
    expect(formatAgo('2026-11-23T13:00:00Z', now)).toBe('1 day ago');
    expect(formatAgo('2026-11-22T12:00:00Z', now)).toBe('2 days ago');
    expect(formatAgo('2025-11-24T13:00:00Z', now)).toBe('365 days ago');
  });

  it('reads a time after now as "just now"', () => {
    expect(formatAgo('2026-11-24T14:00:00Z', now)).toBe('just now');
  });

  it('shows a dash for no time or a time it cannot read', () => {
    expect(formatAgo(null, now)).toBe('—');
    expect(formatAgo('', now)).toBe('—');
    expect(formatAgo('yesterday', now)).toBe('—');
  });

  it('measures from the current time by default', () => {
    expect(formatAgo(new Date(Date.now() - 2 * 3600_000 - 60_000).toISOString())).toBe('2 hours ago');
  });
});

describe('formatUpdated', () => {
  const now = new Date('2026-11-24T13:00:00Z');

  it('says how long before now the entity was last evaluated', () => {
    expect(formatUpdated('2026-11-24T07:00:00.000Z', now)).toBe('updated 6 hours ago');
    expect(formatUpdated('2026-11-24T12:59:40Z', now)).toBe('updated just now');
    expect(formatUpdated('2026-11-21T12:00:00Z', now)).toBe('updated 3 days ago');
  });

  it('reads from the clock it is given, not from when the card was built', () => {
    expect(formatUpdated('2026-11-24T07:00:00Z', new Date('2026-11-25T07:30:00Z'))).toBe('updated 1 day ago');
  });

  it('says "not evaluated yet" when there was no evaluation', () => {
    expect(formatUpdated(null, now)).toBe('not evaluated yet');
    expect(formatUpdated(undefined, now)).toBe('not evaluated yet');
  });
});

describe('formatMoney', () => {
  it('shows whole US dollars by default, with thousands separators', () => {
    expect(formatMoney(24000)).toBe('$24,000');
    expect(formatMoney(1234567)).toBe('$1,234,567');
    expect(formatMoney(999)).toBe('$999');
    expect(formatMoney(0)).toBe('$0');
  });

  it('rounds to whole units, halves up', () => {
    expect(formatMoney(1234567.5)).toBe('$1,234,568');
    expect(formatMoney(999.49)).toBe('$999');
    expect(formatMoney(999.5)).toBe('$1,000');
  });

  it('puts the sign before the symbol and never shows "-$0"', () => {
    expect(formatMoney(-2500)).toBe('-$2,500');
    expect(formatMoney(-0.2)).toBe('$0');
  });

  it('uses the symbol of the currency code it is given', () => {
    expect(formatMoney(24000, 'EUR')).toBe('€24,000');
    expect(formatMoney(24000, 'GBP')).toBe('£24,000');
    expect(formatMoney(24000, 'eur')).toBe('€24,000');
    expect(formatMoney(24000, 'JPY')).toBe('¥24,000');
    expect(formatMoney(24000, 'USD')).toBe('$24,000');
  });

  it('puts a code Intl does not accept after the number', () => {
    expect(formatMoney(24000, 'DOLLARS')).toBe('24,000 DOLLARS');
    expect(formatMoney(-1234567, 'X1')).toBe('-1,234,567 X1');
  });

  it('falls back to USD for an empty code', () => {
    expect(formatMoney(24000, '')).toBe('$24,000');
  });

  it('shows a dash for an amount that is not a number', () => {
    expect(formatMoney(Number.NaN)).toBe('—');
    expect(formatMoney(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatPercent', () => {
  it('shows a rate from 0 to 1 as a whole percentage', () => {
    expect(formatPercent(0.75)).toBe('75%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.125)).toBe('13%');
    expect(formatPercent(0.004)).toBe('0%');
  });

  it('shows a dash for no rate', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('label', () => {
  it('names the statuses and transitions both cards show', () => {
    expect(
      ['completed', 'active', 'exited', 'not_started', 'entered', 'follow_up', 'live', 'paused'].map(label),
    ).toEqual(['Completed', 'In progress', 'Exited', 'Not started', 'Entered', 'Follow-up', 'Live', 'Paused']);
  });

  it('shows an unknown status as it is, including names of Object.prototype members', () => {
    expect(label('snoozed')).toBe('snoozed');
    expect(label('constructor')).toBe('constructor');
    expect(label('toString')).toBe('toString');
  });
});
