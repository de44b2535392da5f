/** Top bar: product name, directory-wide search, what we are connected to (and as whom), and Connections. */
import { useState } from 'react';
import { searchTextIssue } from '../../shared/text/search-text';
import { plainWords } from '../format/describe-error';
import { permissionsFor } from '../state/permissions';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { connectionStatus } from './connection-status';
import { ErrorNotice } from './error-notice';

const sandboxStateWords = { running: null, starting: 'starting', stopped: 'stopped', unavailable: 'unavailable' } as const;

export function HeaderBar({ onConnections }: { onConnections(): void }) {
  const state = useConsoleState();
  const actions = useConsoleActions();
  const [query, setQuery] = useState('');
  const [queryIssue, setQueryIssue] = useState<string | undefined>(undefined);
  const status = connectionStatus(state);
  const session = state.session.status === 'ready' ? state.session.value : null;
  const sandbox = session?.sandbox ?? null;
  const sandboxWord = sandbox !== null ? sandboxStateWords[sandbox.state] : null;
  const permissions = permissionsFor(session);

  return (
    <header className="header-bar">
      <h1 className="header-bar__product">Enclave</h1>
      <form
        className="header-bar__search"
        role="search"
        aria-label="Search the directory"
        onSubmit={(event) => {
          event.preventDefault();
          const issue = searchTextIssue(query);
          setQueryIssue(issue);
          if (issue === undefined) void actions.searchDirectory(query);
        }}
      >
        <input
          type="search"
          className="input input--header"
          aria-label="Search all tenants"
          placeholder="Search all tenants: name, login, address"
          value={query}
          aria-invalid={queryIssue !== undefined}
          aria-describedby={queryIssue !== undefined ? 'header-search-issue' : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setQueryIssue(undefined);
          }}
        />
        {queryIssue !== undefined && (
          <p id="header-search-issue" className="header-bar__search-issue" role="alert">
            {queryIssue}
          </p>
        )}
      </form>
      <section className="header-bar__connection" aria-label="Connection" data-state={status.state} data-role={permissions.role}>
        {state.session.status === 'failed' ? (
          <ErrorNotice title="Could not read the session" error={state.session.error} />
        ) : (
          <>
            <span className="header-bar__name">{status.name ?? 'Not connected'}</span>
            {status.url !== null && <span className="header-bar__url">{status.url}</span>}
            <span className={`badge badge--${status.state}`} role="status" aria-label="Connection state" title={status.message ?? undefined}>
              {status.label}
            </span>
            {session?.connection !== null && session?.connection !== undefined && (
              <span className="badge badge--role" aria-label="Signed in as" title={session.connection.bindDN}>
                {permissions.label}
              </span>
            )}
            {status.state !== 'connected' && status.message !== null && (
              <span className="header-bar__message" title={status.message}>
                {plainWords(status.message)}
              </span>
            )}
            {status.isSandbox && (
              <span className="badge badge--sandbox" title={sandbox?.message ?? 'Demo directory run by this console'}>
                {sandboxWord === null ? 'Sandbox' : `Sandbox (${sandboxWord})`}
              </span>
            )}
          </>
        )}
        <button type="button" className="button button--header" onClick={onConnections}>
          Connections…
        </button>
      </section>
    </header>
  );
}
