import React from 'react';
import { Button, Flex, Input, Text } from '@hubspot/ui-extensions';
import type { FollowUp } from '../model/definition';
import { ActionsEditor } from './ActionsEditor';
import type { PickerOptions } from './FormContext';

/** A job's follow-ups: after a duration since entry, once per run, while the entity is still in the job. */
export function FollowUpsEditor(props: { followUps: FollowUp[]; options: PickerOptions; onChange: (f: FollowUp[]) => void }) {
  const { followUps, onChange } = props;
  const set = (i: number, f: FollowUp) => onChange(followUps.map((x, j) => (j === i ? f : x)));
  return (
    <Flex direction="column" gap="sm">
      <Text format={{ fontWeight: 'demibold' }}>Follow-ups</Text>
      {followUps.map((f, i) => (
        <Flex key={i} direction="column" gap="xs">
          <Flex gap="xs" align="end">
            <Input name={`follow-up-after-${i}`} label={`Follow-up ${i + 1}: after`} placeholder="3d" value={f.after} onChange={(after) => set(i, { ...f, after })} testId={`follow-up-after-${i}`} />
            <Button size="xs" variant="secondary" onClick={() => onChange(followUps.filter((_, j) => j !== i))} testId={`remove-follow-up-${i}`}>
              Remove follow-up
            </Button>
          </Flex>
          <ActionsEditor
            label="Actions"
            actions={f.actions}
            path={`follow_ups.${i}`}
            attributes={props.options.attributes}
            jobs={props.options.jobs}
            onChange={(actions) => set(i, { ...f, actions })}
          />
        </Flex>
      ))}
      <Button size="xs" variant="secondary" onClick={() => onChange([...followUps, { after: '3d', actions: [] }])} testId="add-follow-up">
        Add follow-up
      </Button>
    </Flex>
  );
}
