import React, { useEffect, useState } from 'react';
import { Alert, Button, ErrorState, Flex, Heading, LoadingSpinner, Tag, Text, ToggleGroup } from '@hubspot/ui-extensions';
import type { AuthoringResult, DefinitionDetail } from '../../common/admin';
import { getDefinition } from '../../common/authoringApi';
import { draftFromYaml, draftProblems, draftToYaml, newDraft, type Draft, type DraftKind, type Entity, type YamlError } from '../model/definition';
import type { Subject } from '../model/criteria';
import { hubspotFetch, load, type Loaded } from '../../common/loaded';
import { DefinitionForm } from './DefinitionForm';
import type { PickerOptions } from './FormContext';
import { PreviewResult } from './PreviewResult';
import { RetireButton } from './RetireButton';
import { usePublish } from './usePublish';
import { YamlView } from './YamlView';

interface Props {
  /** The definition to edit, or null to create one of `kind`. */
  definitionKey: string | null;
  kind: DraftKind;
  options: (entity: Entity) => PickerOptions;
  onPublished: (r: AuthoringResult) => void;
  onDuplicate: (key: string) => void;
  onClose: () => void;
}

/** Create or edit one definition in a form or as YAML; preview it (dry run), then publish. Provisioned ones are read-only. */
export function DefinitionEditor(props: Props) {
  const [detail, setDetail] = useState<Loaded<DefinitionDetail | null>>(props.definitionKey ? { kind: 'loading' } : { kind: 'ready', data: null });
  const [draft, setDraft] = useState<Draft>(() => newDraft(props.kind));
  const [mode, setMode] = useState<'form' | 'yaml'>('form');
  const [yaml, setYaml] = useState('');
  const [localErrors, setLocalErrors] = useState<YamlError[]>([]);
  const publish = usePublish(props.onPublished);
  const subjectsFor = (e: Entity): Subject[] => props.options(e).subjects;

  useEffect(() => {
    if (props.definitionKey) load(getDefinition(hubspotFetch, props.definitionKey), setDetail);
  }, [props.definitionKey]);
  useEffect(() => {
    if (detail.kind !== 'ready' || !detail.data) return;
    const parsed = draftFromYaml(detail.data.text, subjectsFor);
    setYaml(detail.data.text);
    if (parsed.ok) setDraft(parsed.draft);
    else setMode('yaml');
  }, [detail]);
  useEffect(() => {
    // Server errors point into the text that was sent: show that text, so each error sits at its line.
    const st = publish.state;
    if (st.kind === 'invalid') {
      setYaml(st.text);
      setMode('yaml');
    }
  }, [publish.state]);

  if (detail.kind === 'loading') return <LoadingSpinner label="Loading the definition…" />;
  if (detail.kind === 'error')
    return (
      <ErrorState title="Couldn't load the definition">
        <Text>{detail.message}</Text>
        <Button onClick={props.onClose}>Back</Button>
      </ErrorState>
    );
  const readOnly = detail.data !== null && !detail.data.editable;
  const problems = mode === 'form' ? draftProblems(draft) : [];
  const s = publish.state;
  const errors = s.kind === 'invalid' ? s.errors : localErrors;

  const switchMode = (next: string) => {
    if (next === 'yaml' && mode === 'form') {
      setYaml(draftToYaml(draft));
      setLocalErrors([]);
      setMode('yaml');
    } else if (next === 'form' && mode === 'yaml') {
      const parsed = draftFromYaml(yaml, subjectsFor);
      if (parsed.ok) {
        setDraft(parsed.draft);
        setMode('form');
      } else setLocalErrors(parsed.errors);
    }
  };
  const text = () => (mode === 'yaml' ? yaml : draftToYaml(draft));
  const onPreview = () => {
    publish.preview(text());
  };

  return (
    <Flex direction="column" gap="md">
      <Flex gap="sm" align="center">
        <Heading>{detail.data ? `${readOnly ? 'View' : 'Edit'} ${detail.data.key}` : `New ${props.kind}`}</Heading>
        {detail.data && <Tag variant={readOnly ? 'default' : 'success'}>{readOnly ? `Managed in files${detail.data.file ? ` (${detail.data.file})` : ''}` : 'Authored'}</Tag>}
      </Flex>
      {readOnly && <Text testId="managed-in-files">This definition is managed in files: change it in the repository, or duplicate it as a new authored definition.</Text>}
      <ToggleGroup
        name="mode"
        label="Edit as"
        toggleType="radioButtonList"
        inline
        value={mode}
        options={[
          { label: 'Form', value: 'form' },
          { label: 'YAML', value: 'yaml' },
        ]}
        onChange={(v) => switchMode(String(v))}
        testId="mode"
      />
      {mode === 'form' ? (
        <DefinitionForm draft={draft} isNew={!detail.data} options={props.options(draft.entity)} onChange={(d) => { setDraft(d); publish.reset(); }} />
      ) : (
        <YamlView text={yaml} errors={errors} readOnly={readOnly} onChange={(t) => { setYaml(t); setLocalErrors([]); publish.reset(); }} />
      )}
      {problems.length > 0 && !readOnly && (
        <Alert title="Still to fill in" variant="warning" testId="form-problems">
          {problems.map((p) => <Text key={p}>{p}</Text>)}
        </Alert>
      )}
      <PublishBar {...props} readOnly={readOnly} canPreview={problems.length === 0} onPreview={onPreview} publish={publish} detail={detail.data} />
      {s.kind === 'previewed' && <PreviewResult preview={s.preview} title="Preview" />}
      {s.kind === 'confirm' && s.preview && <PreviewResult preview={s.preview} title="Preview" />}
    </Flex>
  );
}

function PublishBar(p: Props & { readOnly: boolean; canPreview: boolean; onPreview: () => void; publish: ReturnType<typeof usePublish>; detail: DefinitionDetail | null }) {
  const s = p.publish.state;
  return (
    <Flex direction="column" gap="sm">
      <Flex gap="xs">
        {!p.readOnly && (
          <Button variant="secondary" disabled={!p.canPreview || s.kind === 'busy'} onClick={p.onPreview} testId="preview-document">
            Preview
          </Button>
        )}
        {s.kind === 'previewed' && (
          <Button variant="primary" onClick={() => p.publish.publish(s.text, s.confirmationRequired.length > 0)} testId="publish">
            Publish
          </Button>
        )}
        {p.detail && (
          <Button variant="secondary" onClick={() => p.onDuplicate(p.detail!.key)} testId="duplicate">
            Duplicate as new
          </Button>
        )}
        {p.detail && !p.readOnly && <RetireButton definitionKey={p.detail.key} onRetired={p.onPublished} />}
        <Button variant="secondary" onClick={p.onClose} testId="close-editor">
          Back to the list
        </Button>
      </Flex>
      {s.kind === 'busy' && <LoadingSpinner label={s.what} />}
      {s.kind === 'failed' && <Alert title="Not published" variant="danger" testId="publish-failed">{s.message}</Alert>}
      {s.kind === 'previewed' && s.confirmationRequired.length > 0 && (
        <Alert title="These definitions have members" variant="warning" testId="confirm-note">
          {s.confirmationRequired.join(', ')}: current members stay members, and the new criteria apply from the next evaluation. Publishing confirms this.
        </Alert>
      )}
      {s.kind === 'confirm' && (
        <Alert title="Confirm the change of criteria" variant="warning" testId="confirm-required">
          <Text>
            {s.keys.join(', ')} {s.keys.length === 1 ? 'has' : 'have'} members: current members stay members, and the new criteria apply from the next evaluation.
          </Text>
          <Button variant="primary" onClick={() => p.publish.publish(s.text, true)} testId="publish-confirm">
            Publish and confirm
          </Button>
        </Alert>
      )}
    </Flex>
  );
}
