import React from 'react';
import { Button, Flex, Input, Select } from '@hubspot/ui-extensions';
import { conditionProblem, defaultValue, type Condition, type RawCondition, type Subject } from '../model/criteria';
import { operatorsFor } from '../model/operators';
import { ValueInput } from './ValueInput';

/** One condition built from pickers: the attribute or event, an operator that fits its type, and a value that fits the operator. */
export function ConditionRow(props: { c: Condition; path: string; subjects: Subject[]; onChange: (c: Condition) => void; onRemove: () => void }) {
  const { c, path, subjects, onChange } = props;
  const pickSubject = (name: string) => {
    const s = subjects.find((x) => x.name === name);
    if (!s) return;
    const op = operatorsFor(s.type)[0].op;
    onChange({ kind: 'condition', subject: s.name, type: s.type, op, value: defaultValue(s.type, op) });
  };
  const pickOp = (op: string) => onChange({ ...c, op, value: defaultValue(c.type, op) });
  return (
    <Flex gap="xs" align="end">
      <Select
        name={`subject-${path}`}
        label="Attribute or event"
        value={c.subject}
        options={subjects.map((s) => ({ label: `${s.name} (${s.type})`, value: s.name }))}
        onChange={(v) => pickSubject(String(v))}
        testId={`subject-${path}`}
      />
      <Select
        name={`op-${path}`}
        label="Operator"
        value={c.op}
        options={operatorsFor(c.type).map((o) => ({ label: o.label, value: o.op }))}
        onChange={(v) => pickOp(String(v))}
        testId={`op-${path}`}
      />
      <ValueInput c={c} path={path} problem={c.subject ? conditionProblem(c) : null} onChange={(value) => onChange({ ...c, value })} />
      <Button size="xs" variant="secondary" onClick={props.onRemove} testId={`remove-${path}`}>
        Remove
      </Button>
    </Flex>
  );
}

/** A condition the pickers cannot show, edited as its one line of text. */
export function RawConditionRow(props: { c: RawCondition; path: string; onChange: (c: RawCondition) => void; onRemove: () => void }) {
  return (
    <Flex gap="xs" align="end">
      <Input name={`raw-${props.path}`} label="Condition" value={props.c.text} onChange={(text) => props.onChange({ kind: 'raw', text })} testId={`raw-${props.path}`} />
      <Button size="xs" variant="secondary" onClick={props.onRemove} testId={`remove-${props.path}`}>
        Remove
      </Button>
    </Flex>
  );
}
