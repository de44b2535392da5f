import { describe, expect, it } from 'vitest';
import { connectionStatus } from '../../../renderer/app/connection-status';
import { failed, idle, ready } from '../../../renderer/state/loadable';
import { sandboxSession } from '../state/fixtures';

describe('connectionStatus()', () => {
  it('is unknown until the session is read', () => {
    expect(connectionStatus({ session: idle, connection: null })).toMatchObject({ state: 'unknown', name: null, isSandbox: false });
  });

  it('takes name, URL and sandbox flag from the session', () => {
    expect(connectionStatus({ session: ready(sandboxSession), connection: null })).toEqual({
      state: 'connected',
      label: 'Connected',
      name: 'Sandbox directory',
      url: 'ldap://127.0.0.1:3890',
      isSandbox: true,
      message: null,
    });
  });

  it('lets a pushed event override the state and URL', () => {
    const status = connectionStatus({
      session: ready(sandboxSession),
      connection: { state: 'reconnecting', url: 'ldap://127.0.0.1:3891', message: 'Connection reset by peer' },
    });
    expect(status).toMatchObject({ state: 'reconnecting', label: 'Reconnecting…', url: 'ldap://127.0.0.1:3891', message: 'Connection reset by peer' });
  });

  it('says disconnected when the session has no connection', () => {
    const status = connectionStatus({ session: ready({ connection: null, sandbox: { state: 'stopped' } }), connection: null });
    expect(status).toMatchObject({ state: 'disconnected', name: null });
  });

  it('stays unknown when the session could not be read', () => {
    expect(connectionStatus({ session: failed({ kind: 'internal', message: 'x' }), connection: null }).state).toBe('unknown');
  });
});
