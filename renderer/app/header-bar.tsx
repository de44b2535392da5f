/** Top bar: product name, what we are connected to and how that connection is doing. */
import { useConsoleState } from '../state/store-context';
import { connectionStatus } from './connection-status';
import { ErrorNotice } from './error-notice';

const sandboxStateWords = { running: null, starting: 'starting', stopped: 'stopped', unavailable: 'unavailable' } as const;

export function HeaderBar() {
  const state = useConsoleState();
  const status = connectionStatus(state);
  const sandbox = state.session.status === 'ready' ? state.session.value.sandbox : null;
  const sandboxWord = sandbox !== null ? sandboxStateWords[sandbox.state] : null;

  return (
    <header className="header-bar">
      <h1 className="header-bar__product">Enclave</h1>
      <section className="header-bar__connection" aria-label="Connection" data-state={status.state}>
        {state.session.status === 'failed' ? (
          <ErrorNotice title="Could not read the session" error={state.session.error} />
        ) : (
          <>
            <span className="header-bar__name">{status.name ?? 'Not connected'}</span>
            {status.url !== null && <span className="header-bar__url">{status.url}</span>}
            <span
              className={`badge badge--${status.state}`}
              role="status"
              aria-label="Connection state"
              title={status.message ?? undefined}
            >
              {status.label}
            </span>
            {status.state !== 'connected' && status.message !== null && (
              <span className="header-bar__message">{status.message}</span>
            )}
            {status.isSandbox && (
              <span className="badge badge--sandbox" title={sandbox?.message ?? 'Demo directory run by this console'}>
                {sandboxWord === null ? 'Sandbox' : `Sandbox (${sandboxWord})`}
              </span>
            )}
          </>
        )}
      </section>
    </header>
  );
}
