import React, { useCallback, useEffect, useState } from 'react';
import { Button, Divider, Flex, Heading, Select, Tab, Tabs, hubspot } from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import type { AdminDefinition, AudiencePreview, AuthoringResult, CycleRun, FailedAction, SchemaView } from '../common/admin';
import { getSchema, retryMany } from '../common/authoringApi';
import { listDefinitions, listFailedActions, listRuns, previewDefinition, setDefinitionStatus } from '../common/trigApi';
import { DefinitionEditor } from './editor/DefinitionEditor';
import type { PickerOptions } from './editor/FormContext';
import { HistoryPanel } from './history/HistoryPanel';
import { AudiencePreviewTile } from './list/AudiencePreviewTile';
import { DefinitionsTable } from './list/DefinitionsTable';
import { RunsTable } from './list/RunsTable';
import type { DraftKind, Entity } from './model/definition';
import { subjectsFor } from './model/subjects';
import { AuditLog } from './operate/AuditLog';
import { FailedActionsTable } from './operate/FailedActionsTable';
import { errorMessage, hubspotFetch, load, type Loaded } from '../common/loaded';

hubspot.extend<'settings'>(({ actions }) => <TrigSettings addAlert={actions.addAlert} />);

type View = { kind: 'list' } | { kind: 'edit'; key: string | null; draftKind: DraftKind } | { kind: 'history'; key: string };

const KINDS: DraftKind[] = ['behaviour', 'cohort', 'stage', 'job', 'signal'];
const EMPTY_SCHEMA: SchemaView = { attributes: [], events: [], suggestedAttributes: [], suggestedEvents: [] };

export function TrigSettings({ addAlert }: { addAlert: AddAlertAction }) {
  const [tab, setTab] = useState<'definitions' | 'operate'>('definitions');
  const [view, setView] = useState<View>({ kind: 'list' });
  const [newKind, setNewKind] = useState<DraftKind>('behaviour');
  const [definitions, setDefinitions] = useState<Loaded<AdminDefinition[]>>({ kind: 'loading' });
  const [schema, setSchema] = useState<SchemaView>(EMPTY_SCHEMA);
  const [failed, setFailed] = useState<Loaded<FailedAction[]>>({ kind: 'loading' });
  const [selected, setSelected] = useState<number[]>([]);
  const [runs, setRuns] = useState<Loaded<CycleRun[]>>({ kind: 'loading' });
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [preview, setPreview] = useState<Loaded<AudiencePreview> | null>(null);
  const alert = (message: string, type: 'success' | 'danger') => addAlert({ title: 'Trig', message, type });

  const reload = useCallback(() => {
    load(listDefinitions(hubspotFetch), setDefinitions);
    load(listFailedActions(hubspotFetch), setFailed);
    load(listRuns(hubspotFetch), setRuns);
    // Without the schema the pickers still offer the generated metadata; the editor says the rest on preview.
    getSchema(hubspotFetch).then(setSchema, () => setSchema(EMPTY_SCHEMA));
  }, []);
  useEffect(reload, [reload]);

  const defs = definitions.kind === 'ready' ? definitions.data : [];
  const options = (entity: Entity): PickerOptions => ({
    subjects: subjectsFor(entity, schema, defs),
    attributes: schema.attributes.filter((a) => a.entity === entity || entity === 'person').map((a) => a.name),
    jobs: defs.filter((d) => d.kind === 'job').map((d) => d.key),
    stages: defs.filter((d) => d.kind === 'stage').map((d) => d.key),
  });

  const toggle = (d: AdminDefinition) => {
    setBusyKey(d.key);
    setDefinitionStatus(hubspotFetch, d.key, d.status === 'paused' ? 'resume' : 'pause')
      .then(
        (updated) =>
          setDefinitions((cur) => (cur.kind === 'ready' ? { kind: 'ready', data: cur.data.map((x) => (x.key === updated.key ? { ...x, ...updated } : x)) } : cur)),
        (e: unknown) => alert(errorMessage(e), 'danger'),
      )
      .finally(() => setBusyKey(null));
  };

  const retry = (ids: number[]) =>
    retryMany(hubspotFetch, ids).then(({ retried, errors }) => {
      setFailed((cur) => (cur.kind === 'ready' ? { kind: 'ready', data: cur.data.filter((x) => !retried.includes(x.id)) } : cur));
      setSelected((s) => s.filter((id) => !retried.includes(id)));
      if (retried.length) alert(retried.length === 1 ? `Action ${retried[0]} queued for retry.` : `${retried.length} actions queued for retry.`, 'success');
      if (errors.length) alert(errors.join('; '), 'danger');
    });

  const done = (r: AuthoringResult, message: string) => {
    alert(message, 'success');
    setView({ kind: 'list' });
    reload();
  };

  return (
    <Tabs selected={tab} onSelectedChange={(t: string | number) => setTab(t === 'operate' ? 'operate' : 'definitions')}>
      <Tab tabId="definitions" title="Definitions">
        {tab === 'definitions' && view.kind === 'edit' && (
          <DefinitionEditor
            definitionKey={view.key}
            kind={view.draftKind}
            options={options}
            onPublished={(r) => done(r, r.note ?? `Published: set version ${r.setVersion} (${r.changed.join(', ') || 'nothing changed'}).`)}
            onDuplicate={(key) => setView({ kind: 'history', key })}
            onClose={() => setView({ kind: 'list' })}
          />
        )}
        {tab === 'definitions' && view.kind === 'history' && (
          <HistoryPanel definitionKey={view.key} onDone={done} onError={(m) => alert(m, 'danger')} onClose={() => setView({ kind: 'list' })} />
        )}
        {tab === 'definitions' && view.kind === 'list' && (
          <Flex direction="column" gap="md">
            <Flex gap="xs" align="end">
              <Select name="new-kind" label="New definition" value={newKind} options={KINDS.map((k) => ({ label: k, value: k }))} onChange={(k) => setNewKind(k as DraftKind)} testId="new-kind" />
              <Button variant="primary" onClick={() => setView({ kind: 'edit', key: null, draftKind: newKind })} testId="new-definition">
                Create
              </Button>
            </Flex>
            <DefinitionsTable
              state={definitions}
              busyKey={busyKey}
              onReload={reload}
              onToggle={toggle}
              onPreview={(key) => load(previewDefinition(hubspotFetch, key), setPreview)}
              onEdit={(key) => setView({ kind: 'edit', key, draftKind: 'behaviour' })}
              onHistory={(key) => setView({ kind: 'history', key })}
            />
            {preview && <AudiencePreviewTile state={preview} />}
            <Divider />
            <Heading>Last cycles</Heading>
            <RunsTable state={runs} />
          </Flex>
        )}
      </Tab>
      <Tab tabId="operate" title="Operate">
        {tab === 'operate' && (
          <Flex direction="column" gap="md">
            <Heading>Failed actions</Heading>
            <FailedActionsTable
              state={failed}
              selected={selected}
              onSelect={(id, on) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)))}
              onRetry={retry}
            />
            <Divider />
            <Heading>Audit log</Heading>
            <AuditLog />
          </Flex>
        )}
      </Tab>
    </Tabs>
  );
}
