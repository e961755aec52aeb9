import React, { useEffect, useState } from 'react';
import { api, type AuditRow, type RunView } from './api';

/** The last full cycles: start, duration, outcome and counts. */
export function CyclesView({ refresh }: { refresh: number }): React.JSX.Element {
  const [runs, setRuns] = useState<RunView[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    api<RunView[]>('/api/admin/runs?limit=20').then(setRuns, (e: Error) => setError(e.message));
  }, [refresh]);
  return (
    <section>
      <h2>Last cycles</h2>
      {error && <p className="error">{error}</p>}
      {runs.length === 0 && !error && <p>No cycle has run yet.</p>}
      <table data-testid="runs">
        <thead>
          <tr><th>Started</th><th>Kind</th><th>Duration</th><th>Outcome</th><th>Entities</th><th>Transitions</th><th>Actions</th><th>CRM writes</th></tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={r.outcome === 'ok' ? '' : 'stale'} title={r.error ?? ''}>
              <td>{new Date(r.startedAt).toLocaleString()}</td>
              <td>{r.kind}</td>
              <td>{r.durationSeconds.toFixed(1)} s</td>
              <td data-testid="run-outcome">{r.outcome}</td>
              <td>{r.entitiesEvaluated}</td>
              <td>{r.transitions}</td>
              <td>{r.actionsQueued}</td>
              <td>{r.propertiesWritten}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Who changed what: definitions (apply, rollback, retire, duplicate), pause, resume and retry. */
export function AuditView({ refresh }: { refresh: number }): React.JSX.Element {
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    api<AuditRow[]>('/api/admin/audit?limit=100').then(setRows, (e: Error) => setError(e.message));
  }, [refresh]);
  return (
    <section>
      <h2>Audit log</h2>
      {error && <p className="error">{error}</p>}
      <table data-testid="audit">
        <thead>
          <tr><th>When</th><th>Who</th><th>Action</th><th>Subject</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{new Date(r.at).toLocaleString()}</td>
              <td>{r.actor}</td>
              <td>{r.action}</td>
              <td>{r.subject}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
