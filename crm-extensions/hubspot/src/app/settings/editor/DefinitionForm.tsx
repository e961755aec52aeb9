import React from 'react';
import { Flex, Input, NumberInput, Select, TextArea, Toggle } from '@hubspot/ui-extensions';
import { emptyGroup } from '../model/criteria';
import { FIELDS, type Draft } from '../model/definition';
import { ActionsEditor } from './ActionsEditor';
import { CriteriaBuilder } from './CriteriaBuilder';
import { FollowUpsEditor } from './FollowUpsEditor';
import type { PickerOptions } from './FormContext';
import { ObjectivesEditor } from './ObjectivesEditor';

const TIME_LABEL = { behaviour: 'Time limit', job: 'Duration', stage: 'Exit after', cohort: '', signal: '' };
const COMPLETION_LABEL = { behaviour: 'Completed when', job: 'Goal', stage: 'Complete the stage early when', cohort: '', signal: '' };

/** The form of one definition; which parts it shows depends on the kind. */
export function DefinitionForm(props: { draft: Draft; isNew: boolean; options: PickerOptions; onChange: (d: Draft) => void }) {
  const { draft: d, options, onChange } = props;
  const set = (patch: Partial<Draft>) => onChange({ ...d, ...patch });
  const actions = (label: string, field: 'onEntry' | 'onComplete' | 'onExit', path: string) => (
    <ActionsEditor label={label} actions={d[field]} path={path} attributes={options.attributes} jobs={options.jobs} onChange={(a) => set({ [field]: a })} />
  );
  return (
    <Flex direction="column" gap="md">
      <Flex gap="sm">
        <Input name="key" label="Key" value={d.key} readOnly={!props.isNew} onChange={(key) => set({ key })} testId="field-key" />
        <Input name="name" label="Name" value={d.name} onChange={(name) => set({ name })} testId="field-name" />
        {d.kind !== 'signal' && (
          <Select
            name="entity"
            label="Entity"
            value={d.entity}
            options={[
              { label: 'Organisation', value: 'organisation' },
              { label: 'Person', value: 'person' },
            ]}
            onChange={(e) => set({ entity: e === 'person' ? 'person' : 'organisation' })}
            testId="field-entity"
          />
        )}
      </Flex>
      <TextArea name="description" label="Description" value={d.description} rows={2} onChange={(description) => set({ description })} />
      {d.kind === 'signal' ? (
        <Flex gap="sm">
          <Select name="signal-stage" label="Stage" value={d.signal.stage} options={options.stages.map((s) => ({ label: s, value: s }))} onChange={(s) => set({ signal: { ...d.signal, stage: String(s) } })} testId="field-signal-stage" />
          <NumberInput name="signal-factor" label="Factor" value={d.signal.factor ?? undefined} onChange={(factor) => set({ signal: { ...d.signal, factor } })} />
          <NumberInput name="signal-min" label="Min completions" value={d.signal.minCompletions ?? undefined} onChange={(minCompletions) => set({ signal: { ...d.signal, minCompletions } })} />
          <Select name="signal-arr" label="ARR attribute" value={d.signal.arrAttribute} options={options.attributes.map((a) => ({ label: a, value: a }))} onChange={(a) => set({ signal: { ...d.signal, arrAttribute: String(a) } })} />
        </Flex>
      ) : (
        <>
          <CriteriaBuilder
            label={d.kind === 'cohort' ? 'Criteria' : 'Audience'}
            group={d.audience ?? emptyGroup()}
            path={FIELDS.audienceKey(d.kind)}
            subjects={options.subjects}
            onChange={(audience) => set({ audience })}
          />
          {FIELDS.hasCompletion(d.kind) && (
            <CriteriaBuilder label={COMPLETION_LABEL[d.kind]} group={d.completion ?? emptyGroup()} path={FIELDS.completionKey(d.kind)} subjects={options.subjects} onChange={(completion) => set({ completion })} />
          )}
          {TIME_LABEL[d.kind] && (
            <Input name="time" label={TIME_LABEL[d.kind]} placeholder="14d" value={d.timeLimit} onChange={(timeLimit) => set({ timeLimit })} testId="field-time" />
          )}
          {d.kind === 'stage' && (
            <>
              <CriteriaBuilder label="Exit when" group={d.exitWhen ?? emptyGroup()} path="exit.when" subjects={options.subjects} onChange={(exitWhen) => set({ exitWhen })} />
              <ObjectivesEditor objectives={d.objectives} options={options} onChange={(objectives) => set({ objectives })} />
            </>
          )}
          {d.kind === 'job' && (
            <Toggle name="reentry" label="Re-enter after completing or exiting" checked={d.reentry} onChange={(reentry) => set({ reentry })} testId="field-reentry" />
          )}
          {actions('On entry', 'onEntry', 'on_entry')}
          {d.kind === 'job' && <FollowUpsEditor followUps={d.followUps} options={options} onChange={(followUps) => set({ followUps })} />}
          {FIELDS.hasOnComplete(d.kind) && actions('On complete', 'onComplete', 'on_complete')}
          {actions('On exit', 'onExit', 'on_exit')}
        </>
      )}
    </Flex>
  );
}
