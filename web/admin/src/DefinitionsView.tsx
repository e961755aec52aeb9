import React, { useEffect, useState } from 'react';
import { api, type AdminDefinition, type VersionRow } from './api';
import { age } from './errors';

interface Detail {
  key: string;
  source: string;
  file: string | null;
  text: string;
  editable: boolean;
  lastEvaluatedAt: string | null;
}

/** Every definition (provisioned ones are read-only: "managed in files"), with members, completion and freshness. */
export function DefinitionsView({ refresh, onEdit }: { refresh: number; onEdit: (yaml: string) => void }): React.JSX.Element {
  const [list, setList] = useState<AdminDefinition[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api<AdminDefinition[]>('/api/admin/definitions').then(setList, (e: Error) => setError(e.message));
  }, [refresh, tick]);
  const now = new Date();
  return (
    <section>
      <h2>
        Definitions <button type="button" onClick={() => setTick(tick + 1)}>Refresh</button>
      </h2>
      {error && <p className="error">{error}</p>}
      <table data-testid="definitions">
        <thead>
          <tr>
            <th>Key</th><th>Name</th><th>Kind</th><th>Status</th><th>Source</th><th>Members</th><th>Completion</th><th>Last evaluated</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.key} data-testid={`def-${d.key}`} className={selected === d.key ? 'selected' : ''} onClick={() => setSelected(d.key)}>
              <td><a href="#" onClick={(e) => e.preventDefault()}>{d.key}</a></td>
              <td>{d.name}</td>
              <td>{d.kind}</td>
              <td>{d.status}</td>
              <td>{d.source === 'provisioned' ? 'managed in files' : d.source}</td>
              <td data-testid={`members-${d.key}`}>{d.metrics.active}</td>
              <td>{d.metrics.completionRate == null ? '–' : `${Math.round(d.metrics.completionRate * 100)}%`}</td>
              <td data-testid={`evaluated-${d.key}`} className={d.freshness?.stale ? 'stale' : ''}>
                {age(d.freshness?.evaluatedAt, now)}
                {d.freshness?.stale ? ' (stale)' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected && <DefinitionDetail key={`${selected}-${refresh}`} definitionKey={selected} onEdit={onEdit} onChanged={() => setTick(tick + 1)} />}
    </section>
  );
}

function DefinitionDetail({ definitionKey, onEdit, onChanged }: { definitionKey: string; onEdit: (y: string) => void; onChanged: () => void }): React.JSX.Element {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    api<Detail>(`/api/admin/definitions/${encodeURIComponent(definitionKey)}`).then(setDetail, (e: Error) => setMessage(e.message));
    api<VersionRow[]>(`/api/admin/definitions/${encodeURIComponent(definitionKey)}/versions`).then(setVersions, () => setVersions([]));
  }, [definitionKey, reload]);
  const rollback = async (version: number): Promise<void> => {
    try {
      const r = await api<{ setVersion: number }>(`/api/admin/definitions/${encodeURIComponent(definitionKey)}/rollback?version=${version}`, { method: 'POST' });
      setMessage(`Rolled back to version ${version} (now set version ${r.setVersion}).`);
      setReload(reload + 1);
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const latest = Math.max(0, ...versions.map((v) => v.setVersion));
  if (!detail) return <p>{message || 'Loading…'}</p>;
  return (
    <div className="detail" data-testid="detail">
      <h3>{detail.key}</h3>
      <p>
        {detail.editable ? 'Authored in the CRM.' : `Managed in files (${detail.file ?? 'definitions folder'}): read-only here.`}{' '}
        {detail.editable && (
          <button type="button" onClick={() => onEdit(detail.text)}>
            Edit YAML
          </button>
        )}
      </p>
      <pre>{detail.text}</pre>
      {message && <p className="message" data-testid="detail-message">{message}</p>}
      {detail.editable && (
        <>
          <h4>History</h4>
          <table data-testid="history">
            <thead>
              <tr><th>Set version</th><th>When</th><th>Who</th><th>Action</th><th>Diff</th><th /></tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.setVersion}>
                  <td>{v.setVersion}</td>
                  <td>{new Date(v.at).toLocaleString()}</td>
                  <td>{v.actor}</td>
                  <td>{v.retired ? `${v.action} (retired)` : v.action}</td>
                  <td><pre className="diff">{v.diff}</pre></td>
                  <td>
                    {v.setVersion !== latest && (
                      <button type="button" data-testid={`rollback-${v.setVersion}`} onClick={() => void rollback(v.setVersion)}>
                        Roll back to this
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
