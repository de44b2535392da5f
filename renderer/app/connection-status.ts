/** What the header says about the connection, from the session and the last pushed connection event. */
import type { ConsoleState } from '../state/console-state';

export interface ConnectionStatus {
  state: 'connected' | 'reconnecting' | 'disconnected' | 'unknown';
  label: string;
  name: string | null;
  url: string | null;
  isSandbox: boolean;
  /** Why the connection is not up, when main said. */
  message: string | null;
}

const stateLabels: Readonly<Record<ConnectionStatus['state'], string>> = {
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
  unknown: 'Checking connection…',
};

export function connectionStatus(state: Pick<ConsoleState, 'session' | 'connection'>): ConnectionStatus {
  const active = state.session.status === 'ready' ? state.session.value.connection : null;
  // A pushed event is newer than the session we fetched; without one, the session says whether we are up.
  const current =
    state.connection?.state ??
    (state.session.status === 'ready' ? (active !== null ? 'connected' : 'disconnected') : 'unknown');
  return {
    state: current,
    label: stateLabels[current],
    name: active?.name ?? null,
    url: state.connection?.url ?? active?.url ?? null,
    isSandbox: active?.isSandbox ?? false,
    message: state.connection?.message ?? null,
  };
}
