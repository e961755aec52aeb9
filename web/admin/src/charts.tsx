// Plain SVG charts: a horizontal bar chart with intervals (retention gap), a funnel, and a line over time (signal
// ARR at risk). A chart library would weigh more than the page for three simple shapes.
import React from 'react';

/** A linear scale from [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

export interface Bar {
  label: string;
  value: number;
  low?: number | null;
  high?: number | null;
}

/** The domain of bars with their intervals, always including 0 (a gap's sign matters). */
export function barDomain(bars: Bar[]): [number, number] {
  const values = bars.flatMap((b) => [b.value, b.low ?? b.value, b.high ?? b.value, 0]);
  return [Math.min(...values), Math.max(...values)];
}

export function BarChart({ bars, unit }: { bars: Bar[]; unit: string }): React.JSX.Element {
  const width = 640;
  const row = 26;
  const left = 200;
  const [lo, hi] = barDomain(bars);
  const x = linear(lo, hi, left, width - 20);
  return (
    <svg className="chart" width={width} height={bars.length * row + 24} role="img" aria-label="bar chart">
      <line x1={x(0)} x2={x(0)} y1={0} y2={bars.length * row} stroke="#888" />
      {bars.map((b, i) => (
        <g key={b.label} transform={`translate(0, ${i * row})`}>
          <text x={left - 8} y={17} textAnchor="end" fontSize={12}>
            {b.label}
          </text>
          <rect x={Math.min(x(0), x(b.value))} y={5} width={Math.abs(x(b.value) - x(0))} height={16} fill="#2f6fb3" />
          {b.low != null && b.high != null && <line x1={x(b.low)} x2={x(b.high)} y1={13} y2={13} stroke="#111" strokeWidth={2} />}
          <text x={width - 18} y={17} textAnchor="end" fontSize={11}>
            {`${b.value.toFixed(1)} ${unit}`}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function Funnel({ steps }: { steps: Array<{ label: string; value: number }> }): React.JSX.Element {
  const width = 640;
  const max = Math.max(1, ...steps.map((s) => s.value));
  const w = linear(0, max, 0, width - 220);
  return (
    <svg className="chart" width={width} height={steps.length * 30 + 4} role="img" aria-label="funnel">
      {steps.map((s, i) => (
        <g key={s.label} transform={`translate(0, ${i * 30})`}>
          <text x={150} y={19} textAnchor="end" fontSize={12}>
            {s.label}
          </text>
          <rect x={160} y={4} width={w(s.value)} height={22} fill="#3a9a5b" />
          <text x={166 + w(s.value)} y={19} fontSize={11}>
            {s.value}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The points of a polyline through (x, y) pairs scaled to the box. */
export function linePoints(values: number[], width: number, height: number): string {
  const x = linear(0, Math.max(1, values.length - 1), 40, width - 10);
  const y = linear(0, Math.max(1, ...values), height - 20, 10);
  return values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
}

export function LineChart({ labels, values, unit }: { labels: string[]; values: number[]; unit: string }): React.JSX.Element {
  const width = 640;
  const height = 200;
  return (
    <svg className="chart" width={width} height={height} role="img" aria-label="line chart">
      <polyline fill="none" stroke="#b3412f" strokeWidth={2} points={linePoints(values, width, height)} />
      <text x={40} y={height - 4} fontSize={11}>
        {labels[0] ?? ''}
      </text>
      <text x={width - 10} y={height - 4} fontSize={11} textAnchor="end">
        {labels[labels.length - 1] ?? ''}
      </text>
      <text x={4} y={14} fontSize={11}>
        {`max ${Math.max(0, ...values).toLocaleString()} ${unit}`}
      </text>
    </svg>
  );
}
