import React from 'react';
import { DateInput, Flex, Input, NumberInput, Select } from '@hubspot/ui-extensions';
import type { Condition, ConditionValue } from '../model/criteria';
import { COUNT_COMPARISONS, TIME_UNITS } from '../model/operators';

const opts = (values: readonly string[]) => values.map((v) => ({ label: v, value: v }));
const numberOrNull = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : null);

// DateInput months are zero-based (like Date#getUTCMonth); the criteria language writes ISO dates.
const toIso = (d: { year: number; month: number; date: number }) =>
  `${d.year}-${String(d.month + 1).padStart(2, '0')}-${String(d.date).padStart(2, '0')}`;
function fromIso(iso: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? { year: Number(m[1]), month: Number(m[2]) - 1, date: Number(m[3]) } : undefined;
}

/** The value input that fits the condition's operator: text, number, true/false, date, list, relative time or count. */
export function ValueInput({ c, path, problem, onChange }: { c: Condition; path: string; problem: string | null; onChange: (v: ConditionValue) => void }) {
  const v = c.value;
  const err = { error: problem !== null, validationMessage: problem ?? undefined };
  const id = `value-${path}`;
  switch (v.kind) {
    case 'text':
      return <Input name={id} label="Value" value={v.text} onChange={(text) => onChange({ kind: 'text', text })} testId={id} {...err} />;
    case 'number':
      return <NumberInput name={id} label="Value" value={v.value ?? undefined} onChange={(n) => onChange({ kind: 'number', value: numberOrNull(n) })} testId={id} {...err} />;
    case 'bool':
      return (
        <Select name={id} label="Value" value={String(v.value)} options={opts(['true', 'false'])} onChange={(b) => onChange({ kind: 'bool', value: b === 'true' })} testId={id} />
      );
    case 'date':
      return <DateInput name={id} label="Date" value={fromIso(v.iso)} format="YYYY-MM-DD" onChange={(d) => onChange({ kind: 'date', iso: d ? toIso(d) : '' })} testId={id} {...err} />;
    case 'list':
      return (
        <Input
          name={id}
          label="Values (comma separated)"
          value={v.items.join(', ')}
          onChange={(text) => onChange({ kind: 'list', items: text.split(',').map((s) => s.trim()).filter(Boolean) })}
          testId={id}
          {...err}
        />
      );
    case 'relative':
      return (
        <Flex gap="xs">
          <NumberInput name={id} label="Amount" value={v.amount ?? undefined} onChange={(n) => onChange({ ...v, amount: numberOrNull(n) })} testId={id} {...err} />
          <Select name={`unit-${path}`} label="Unit" value={v.unit} options={opts(TIME_UNITS)} onChange={(u) => onChange({ ...v, unit: u as typeof v.unit })} testId={`unit-${path}`} />
        </Flex>
      );
    case 'count':
      return (
        <Flex gap="xs">
          <Select name={`cmp-${path}`} label="Times" value={v.comparison} options={opts(COUNT_COMPARISONS)} onChange={(x) => onChange({ ...v, comparison: String(x) })} testId={`cmp-${path}`} />
          <NumberInput name={id} label="N" value={v.times ?? undefined} onChange={(n) => onChange({ ...v, times: numberOrNull(n) })} testId={id} {...err} />
          <NumberInput
            name={`within-${path}`}
            label="Within days (optional)"
            value={v.withinDays ?? undefined}
            onChange={(n) => onChange({ ...v, withinDays: numberOrNull(n) })}
            testId={`within-${path}`}
          />
        </Flex>
      );
    default:
      return null;
  }
}
