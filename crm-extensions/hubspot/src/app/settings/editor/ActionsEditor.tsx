import React, { useState } from 'react';
import { Box, Button, Flex, Select, Text } from '@hubspot/ui-extensions';
import { ACTION_TYPES, newAction, type Action, type ActionType } from '../model/actions';
import { ActionFields } from './ActionFields';

/** A list of actions (on entry, on complete, on exit, or a follow-up's), each added by type. */
export function ActionsEditor(props: { label: string; actions: Action[]; path: string; attributes: string[]; jobs: string[]; onChange: (a: Action[]) => void }) {
  const { actions, path, onChange } = props;
  const [type, setType] = useState<ActionType>('slack');
  return (
    <Box>
      <Flex direction="column" gap="xs">
        <Text format={{ fontWeight: 'demibold' }}>{props.label}</Text>
        {actions.map((a, i) => (
          <Flex key={`${path}.${i}`} gap="xs" align="start">
            <ActionFields
              a={a}
              path={`${path}.${i}`}
              attributes={props.attributes}
              jobs={props.jobs}
              onChange={(next) => onChange(actions.map((x, j) => (j === i ? next : x)))}
            />
            <Button size="xs" variant="secondary" onClick={() => onChange(actions.filter((_, j) => j !== i))} testId={`remove-action-${path}.${i}`}>
              Remove
            </Button>
          </Flex>
        ))}
        <Flex gap="xs" align="end">
          <Select name={`action-type-${path}`} label="Add" value={type} options={ACTION_TYPES} onChange={(t) => setType(t as ActionType)} testId={`action-type-${path}`} />
          <Button size="xs" variant="secondary" onClick={() => onChange([...actions, newAction(type)])} testId={`add-action-${path}`}>
            Add action
          </Button>
        </Flex>
      </Flex>
    </Box>
  );
}
