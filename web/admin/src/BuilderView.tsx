import React, { useEffect, useMemo, useState } from 'react';
import { ApiError, apply, api, type AuthoringResult, type DocumentError } from './api';
import { errorsByLine } from './errors';
import { GroupEditor } from './GroupEditor';
import { newDraft, toYaml, type Draft, type Kind } from './model';
import { fieldsFor, type SchemaView } from './schema';

/** A job with a follow-up: the form does not offer actions, so this starts the YAML view from a working example. */
export const jobExample = `jobs:
  - key: expansion_call
    name: Expansion call
    entity: organisation
    audience:
      - arr >= 10000
    reentry: false
    goal: [ plan = Enterprise ]
    duration: 21d
    on_entry:
      - slack: { channel: "#cs-expansion", text: "{name} is ready for an expansion call. Owner: @{owner_email}" }
    follow_ups:
      - after: 7d
        actions: [ { slack: { channel: "#cs-expansion", text: "Did {name} get its expansion call?" } } ]
`;

/**
 * Create or change a definition: the builder (or the YAML itself), a dry-run preview, then publish. The YAML view is
 * what is sent; errors from the server are shown at their line.
 */
export function BuilderView({ initialYaml, onPublished }: { initialYaml?: string; onPublished: () => void }): React.JSX.Element {
  const [draft, setDraft] = useState<Draft>(newDraft());
  const [schema, setSchema] = useState<SchemaView>({ attributes: [], events: [] });
  const [manual, setManual] = useState<string | null>(initialYaml ?? null);
  const [preview, setPreview] = useState<AuthoringResult | null>(null);
  const [errors, setErrors] = useState<DocumentError[]>([]);
  const [message, setMessage] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<SchemaView>('/api/admin/schema').then(setSchema, (e: Error) => setMessage(e.message));
  }, []);
  useEffect(() => setManual(initialYaml ?? null), [initialYaml]);

  const fields = useMemo(() => fieldsFor(schema, draft.entity), [schema, draft.entity]);
  const yaml = manual ?? toYaml(draft);
  const byLine = errorsByLine(errors);

  const send = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    setErrors([]);
    setMessage('');
    try {
      const result = await apply(yaml, dryRun, confirm);
      setPreview(result);
      if (!dryRun) {
        setMessage(result.published ? `Published as set version ${result.setVersion}.` : 'Nothing changed.');
        onPublished();
      }
    } catch (e) {
      const err = e as ApiError;
      setErrors(err.errors ?? []);
      setMessage(err.message);
      if ((err.problem?.confirmationRequired as string[] | undefined)?.length) {
        setMessage(`${err.message} Tick "confirm" to change the criteria of definitions with members.`);
      }
    } finally {
      setBusy(false);
    }
  };

  const change = (d: Partial<Draft>): void => {
    setDraft({ ...draft, ...d });
    setPreview(null);
  };

  return (
    <section>
      <h2>Builder</h2>
      {manual === null ? (
        <div className="builder">
          <label>
            Kind{' '}
            <select aria-label="kind" value={draft.kind} onChange={(e) => change({ kind: e.target.value as Kind })}>
              <option value="cohort">cohort</option>
              <option value="behaviour">behaviour</option>
              <option value="job">job</option>
            </select>
          </label>
          <label>
            Key <input aria-label="key" value={draft.key} placeholder="snake_case_key" onChange={(e) => change({ key: e.target.value })} />
          </label>
          <label>
            Name <input aria-label="name" value={draft.name} onChange={(e) => change({ name: e.target.value })} />
          </label>
          <label>
            Entity{' '}
            <select aria-label="entity" value={draft.entity} onChange={(e) => change({ entity: e.target.value as Draft['entity'] })}>
              <option value="organisation">organisation</option>
              <option value="person">person</option>
            </select>
          </label>
          <h3>{draft.kind === 'cohort' ? 'Criteria' : 'Audience'}</h3>
          <GroupEditor path="criteria" group={draft.criteria} fields={fields} onChange={(criteria) => change({ criteria })} />
          {draft.kind !== 'cohort' && (
            <>
              <h3>{draft.kind === 'job' ? 'Goal' : 'Completion'}</h3>
              <GroupEditor path="completion" group={draft.completion} fields={fields} onChange={(completion) => change({ completion })} />
              <label>
                {draft.kind === 'job' ? 'Duration' : 'Time limit'} <input aria-label="window" value={draft.window} placeholder="14d" onChange={(e) => change({ window: e.target.value })} />
              </label>
            </>
          )}
        </div>
      ) : (
        <p>
          Editing the YAML by hand.{' '}
          <button type="button" onClick={() => setManual(null)}>
            Back to the builder
          </button>
        </p>
      )}
      <h3>
        YAML{' '}
        <button type="button" className="link" onClick={() => setManual(jobExample)}>
          start from a job with a follow-up
        </button>
      </h3>
      <textarea aria-label="yaml" data-testid="yaml" rows={Math.max(8, yaml.split('\n').length + 1)} value={yaml} onChange={(e) => {
          setManual(e.target.value);
          setPreview(null);
        }} spellCheck={false} />
      {errors.length > 0 && (
        <pre className="numbered" data-testid="yaml-errors">
          {yaml.split('\n').map((line, i) => (
            <div key={i} className={byLine.has(i + 1) ? 'bad' : ''}>
              <span className="ln">{i + 1}</span> {line}
              {(byLine.get(i + 1) ?? []).map((m) => (
                <div key={m} className="err">
                  ↑ {m}
                </div>
              ))}
            </div>
          ))}
          {(byLine.get(0) ?? []).map((m) => (
            <div key={m} className="err">
              {m}
            </div>
          ))}
        </pre>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void send(true)} data-testid="preview">
          Preview
        </button>
        <label>
          <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> confirm criteria changes
        </label>
        <button type="button" disabled={busy || preview === null} onClick={() => void send(false)} data-testid="publish">
          Publish
        </button>
      </div>
      {message && <p className="message" data-testid="builder-message">{message}</p>}
      {preview?.preview && <PreviewPanel result={preview} />}
    </section>
  );
}

function PreviewPanel({ result }: { result: AuthoringResult }): React.JSX.Element {
  const p = result.preview!;
  return (
    <div className="preview" data-testid="preview-result">
      <p>
        Evaluated {p.entitiesEvaluated} entities now. Changed: {result.changed.join(', ') || 'nothing'}
        {result.confirmationRequired.length > 0 && <> · needs confirmation: {result.confirmationRequired.join(', ')}</>}
      </p>
      {p.definitions.map((d) => (
        <div key={d.key}>
          <strong>{d.key}</strong>: <span data-testid={`would-enter-${d.key}`}>{d.enter.count}</span> would enter, {d.complete.count} complete,{' '}
          {d.exit.count} exit
          <ul>
            {d.enter.first.map((e) => (
              <li key={e.id}>
                {e.name} ({e.id}) <small>{e.reason}</small>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p>
        {p.actionCount} actions would be queued; {p.crmChangeCount} CRM properties would be written.
      </p>
      <ul>
        {p.actions.map((a, i) => (
          <li key={i}>
            {a.definitionKey} → {a.entityId} ({a.transition}): {a.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}
