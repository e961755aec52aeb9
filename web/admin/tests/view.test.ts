import { describe, expect, it } from 'vitest';
import { barDomain, linePoints, linear } from '../src/charts';
import { age, errorsByLine } from '../src/errors';

describe('errorsByLine', () => {
  it('puts document errors at their line and the set files errors under 0', () => {
    const map = errorsByLine([
      { file: 'document', line: 3, column: 9, message: "unknown attribute 'sets'" },
      { file: 'document', line: 3, column: 20, message: 'second' },
      { file: 'lifecycle.yaml', line: 1, column: 1, message: 'file problem' },
    ]);
    expect(map.get(3)).toEqual(["3:9: unknown attribute 'sets'", '3:20: second']);
    expect(map.get(0)).toEqual(['lifecycle.yaml:1:1: file problem']);
    expect(map.size).toBe(2);
  });
});

describe('age', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('says how long ago, in the largest sensible unit', () => {
    expect(age(null, now)).toBe('never');
    expect(age('2026-11-24T09:59:30Z', now)).toBe('30 s ago');
    expect(age('2026-11-24T09:45:00Z', now)).toBe('15 min ago');
    expect(age('2026-11-24T04:00:00Z', now)).toBe('6 h ago');
    expect(age('2026-11-20T10:00:00Z', now)).toBe('4 d ago');
  });
});

describe('charts', () => {
  it('scales linearly and maps an empty domain to the middle', () => {
    expect(linear(0, 10, 100, 200)(5)).toBe(150);
    expect(linear(-10, 10, 0, 100)(-10)).toBe(0);
    expect(linear(3, 3, 0, 100)(3)).toBe(50);
  });

  it('keeps 0 and the intervals in the bar domain', () => {
    expect(barDomain([{ label: 'a', value: 12, low: 4, high: 20 }])).toEqual([0, 20]);
    expect(barDomain([{ label: 'a', value: -5, low: -9, high: -1 }, { label: 'b', value: 3 }])).toEqual([-9, 3]);
  });

  it('draws a line from the left to the right edge, the largest value at the top (y: 180 - 50/100 × 170 = 95 for the middle)', () => {
    expect(linePoints([0, 50, 100], 640, 200)).toBe('40.0,180.0 335.0,95.0 630.0,10.0');
  });
});
