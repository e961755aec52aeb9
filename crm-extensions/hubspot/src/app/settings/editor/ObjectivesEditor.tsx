import React from 'react';
import { Button, Flex, Input, Text } from '@hubspot/ui-extensions';
import { emptyGroup } from '../model/criteria';
import type { ObjectiveDraft } from '../model/definition';
import { CriteriaBuilder } from './CriteriaBuilder';
import type { PickerOptions } from './FormContext';

/** A stage's objectives: each a behaviour inside the stage (key, name, optional audience, completion, time limit). */
export function ObjectivesEditor(props: { objectives: ObjectiveDraft[]; options: PickerOptions; onChange: (o: ObjectiveDraft[]) => void }) {
  const { objectives, onChange } = props;
  const set = (i: number, o: ObjectiveDraft) => onChange(objectives.map((x, j) => (j === i ? o : x)));
  return (
    <Flex direction="column" gap="sm">
      <Text format={{ fontWeight: 'demibold' }}>Objectives</Text>
      {objectives.map((o, i) => (
        <Flex key={i} direction="column" gap="xs">
          <Flex gap="xs" align="end">
            <Input name={`objective-key-${i}`} label="Objective key" value={o.key} onChange={(key) => set(i, { ...o, key })} testId={`objective-key-${i}`} />
            <Input name={`objective-name-${i}`} label="Name" value={o.name} onChange={(name) => set(i, { ...o, name })} testId={`objective-name-${i}`} />
            <Input name={`objective-limit-${i}`} label="Time limit" placeholder="7d" value={o.timeLimit} onChange={(timeLimit) => set(i, { ...o, timeLimit })} />
            <Button size="xs" variant="secondary" onClick={() => onChange(objectives.filter((_, j) => j !== i))} testId={`remove-objective-${i}`}>
              Remove objective
            </Button>
          </Flex>
          <CriteriaBuilder
            label="Completed when"
            group={o.completion ?? emptyGroup()}
            path={`objectives.${i}.completion`}
            subjects={props.options.subjects}
            onChange={(completion) => set(i, { ...o, completion })}
          />
        </Flex>
      ))}
      <Button
        size="xs"
        variant="secondary"
        onClick={() => onChange([...objectives, { key: '', name: '', audience: null, completion: emptyGroup(), timeLimit: '', extra: {} }])}
        testId="add-objective"
      >
        Add objective
      </Button>
    </Flex>
  );
}
