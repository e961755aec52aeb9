import React from 'react';
import { Box, Button, Flex, Select, Text } from '@hubspot/ui-extensions';
import { emptyGroup, type CriteriaNode, type Group, type Subject } from '../model/criteria';
import { ConditionRow, RawConditionRow } from './ConditionRow';

const blankCondition = (): CriteriaNode => ({ kind: 'condition', subject: '', type: 'string', op: '=', value: { kind: 'text', text: '' } });

/** A criteria block: all/any of conditions and nested groups. `path` names each part (e.g. `audience.1.0`) for tests and errors. */
export function CriteriaBuilder(props: { label: string; group: Group; path: string; subjects: Subject[]; onChange: (g: Group) => void; onRemove?: () => void }) {
  const { group, path, subjects, onChange } = props;
  const set = (i: number, n: CriteriaNode) => onChange({ ...group, items: group.items.map((x, j) => (j === i ? n : x)) });
  const remove = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  return (
    <Box>
      <Flex direction="column" gap="xs">
        <Flex gap="xs" align="center">
          <Text format={{ fontWeight: 'demibold' }}>{props.label}</Text>
          <Select
            name={`mode-${path}`}
            label="Match"
            value={group.mode}
            options={[
              { label: 'all of', value: 'all' },
              { label: 'any of', value: 'any' },
            ]}
            onChange={(m) => onChange({ ...group, mode: m === 'any' ? 'any' : 'all' })}
            testId={`mode-${path}`}
          />
        </Flex>
        {group.items.length === 0 && <Text variant="microcopy">No conditions: matches everyone.</Text>}
        {group.items.map((n, i) => {
          const p = `${path}.${i}`;
          if (n.kind === 'group')
            return <CriteriaBuilder key={p} label="Group" group={n} path={p} subjects={subjects} onChange={(g) => set(i, g)} onRemove={() => remove(i)} />;
          if (n.kind === 'raw') return <RawConditionRow key={p} c={n} path={p} onChange={(c) => set(i, c)} onRemove={() => remove(i)} />;
          return <ConditionRow key={p} c={n} path={p} subjects={subjects} onChange={(c) => set(i, c)} onRemove={() => remove(i)} />;
        })}
        <Flex gap="xs">
          <Button size="xs" variant="secondary" onClick={() => onChange({ ...group, items: [...group.items, blankCondition()] })} testId={`add-condition-${path}`}>
            Add condition
          </Button>
          <Button size="xs" variant="secondary" onClick={() => onChange({ ...group, items: [...group.items, emptyGroup('any')] })} testId={`add-group-${path}`}>
            Add group
          </Button>
          {props.onRemove && (
            <Button size="xs" variant="secondary" onClick={props.onRemove} testId={`remove-${path}`}>
              Remove group
            </Button>
          )}
        </Flex>
      </Flex>
    </Box>
  );
}
