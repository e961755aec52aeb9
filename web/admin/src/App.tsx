import React, { useEffect, useState } from 'react';
import { completeOidc, currentToken, handBackToOpener, signInMode, signInWithKey, signOut, startOidc } from './auth';
import { BuilderView } from './BuilderView';
import { DefinitionsView } from './DefinitionsView';
import { InsightsView } from './InsightsView';
import { AuditView, CyclesView } from './OperationsViews';
import type { OidcConfig } from './pkce';

type Tab = 'definitions' | 'builder' | 'cycles' | 'insights' | 'audit';

export function App(): React.JSX.Element {
  const [config, setConfig] = useState<{ oidc: OidcConfig | null }>({ oidc: null });
  const [signedIn, setSignedIn] = useState(currentToken() !== null);
  const [error, setError] = useState('');
  const [tab, setTab] = useState<Tab>('definitions');
  const [refresh, setRefresh] = useState(0);
  const [editing, setEditing] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (handBackToOpener()) return;
    fetch('/admin/config.json')
      .then((r) => r.json() as Promise<{ oidc: OidcConfig | null }>)
      .then(async (c) => {
        setConfig(c);
        if (c.oidc && (await completeOidc(c.oidc))) setSignedIn(true);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  if (!signedIn) return <SignIn oidc={config.oidc} error={error} onSignedIn={() => setSignedIn(true)} />;
  const tabs: Tab[] = ['definitions', 'builder', 'cycles', 'insights', 'audit'];
  return (
    <div>
      <header>
        <strong>Trig admin</strong>
        <nav>
          {tabs.map((t) => (
            <button key={t} type="button" className={t === tab ? 'active' : ''} data-testid={`tab-${t}`} onClick={() => setTab(t)}>
              {t}
            </button>
          ))}
        </nav>
        <span className="who">
          signed in with {signInMode()}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              signOut();
              setSignedIn(false);
            }}
          >
            sign out
          </button>
        </span>
      </header>
      <main>
        {tab === 'definitions' && (
          <DefinitionsView
            refresh={refresh}
            onEdit={(yaml) => {
              setEditing(yaml);
              setTab('builder');
            }}
          />
        )}
        {tab === 'builder' && <BuilderView initialYaml={editing} onPublished={() => setRefresh(refresh + 1)} />}
        {tab === 'cycles' && <CyclesView refresh={refresh} />}
        {tab === 'insights' && <InsightsView />}
        {tab === 'audit' && <AuditView refresh={refresh} />}
      </main>
    </div>
  );
}

function SignIn({ oidc, error, onSignedIn }: { oidc: OidcConfig | null; error: string; onSignedIn: () => void }): React.JSX.Element {
  const [key, setKey] = useState('');
  const [message, setMessage] = useState('');
  return (
    <div className="signin">
      <h1>Trig admin</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          signInWithKey(key);
          onSignedIn();
        }}
      >
        <label>
          Admin key <input type="password" aria-label="admin key" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit" data-testid="signin-key" disabled={!key}>
          Sign in
        </button>
      </form>
      {oidc && (
        <p>
          or{' '}
          <button type="button" onClick={() => startOidc(oidc, onSignedIn).catch((e: Error) => setMessage(e.message))}>
            Sign in with Microsoft Entra ID
          </button>
        </p>
      )}
      {(message || error) && <p className="error">{message || error}</p>}
    </div>
  );
}
