import type { DocumentError } from './api';

/** The apply errors that point into the sent document, by line (1-based); the others (the set's files) under 0. */
export function errorsByLine(errors: DocumentError[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const e of errors) {
    const line = e.file === 'document' ? e.line : 0;
    const text = e.file === 'document' ? `${e.line}:${e.column}: ${e.message}` : `${e.file}:${e.line}:${e.column}: ${e.message}`;
    map.set(line, [...(map.get(line) ?? []), text]);
  }
  return map;
}

/** "5 min ago" style age of an ISO time against now. */
export function age(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
