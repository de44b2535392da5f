/**
 * What helpdesk looks at first: how much the mailbox stores (against its quota) and how many messages, when it
 * last logged in (from the connection's mail store), and whether it is locked, since when and why (directory).
 */
import { useEffect, useState } from 'react';
import type { EnclaveError } from '../../../shared/errors';
import type { Mailbox } from '../../../shared/model/hosting';
import type { MailboxActivity } from '../../../shared/model/mailbox-activity';
import { formatBytes } from '../../format/format-bytes';
import { formatCount, formatPercent } from '../../format/format-number';
import { useConsoleActions } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';

const when = (iso: string | null) => (iso === null ? '–' : new Date(iso).toLocaleString());
const stateWords = { active: 'Not locked', locked: 'Locked', disabled: 'Disabled' } as const;

export function ActivityTab({ mailbox }: { mailbox: Mailbox }) {
  const actions = useConsoleActions();
  const [activity, setActivity] = useState<MailboxActivity | null>(null);
  const [error, setError] = useState<EnclaveError | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void actions.getMailboxActivity({ tenant: mailbox.tenant, login: mailbox.login }).then((result) => {
      if (!live) return;
      setActivity(result.ok ? result.value : null);
      setError(result.ok ? null : result.error);
    });
    return () => {
      live = false;
    };
    // The revision moves when the lock or the quota changes: read again then.
  }, [actions, mailbox.tenant, mailbox.login, mailbox.revision, generation]);

  if (error !== null) return <ErrorNotice title="Could not read the mailbox’s activity" error={error} onRetry={() => setGeneration((n) => n + 1)} />;
  if (activity === null) return <p className="pane__placeholder">Reading the mailbox’s activity…</p>;
  const { usage, lock } = activity;
  const share = usage.usedBytes !== null && activity.quotaBytes !== null && activity.quotaBytes > 0 ? ` (${formatPercent(usage.usedBytes / activity.quotaBytes)} of ${formatBytes(activity.quotaBytes)})` : activity.quotaBytes === null ? ' (no quota)' : '';
  return (
    <div className="form-grid">
      <section className="account-block" aria-label="Mail stored">
        <h3 className="section-title">Mail stored</h3>
        {usage.connected ? (
          <dl className="facts">
            <dt>Used</dt>
            <dd data-field="used">{formatBytes(usage.usedBytes ?? 0)}{share}</dd>
            <dt>Messages</dt>
            <dd data-field="messages">{formatCount(usage.messages ?? 0)}</dd>
            <dt>Last login</dt>
            <dd data-field="last-login">{usage.lastLogin === null ? 'Never (since the mail store records logins)' : when(usage.lastLogin)}</dd>
            <dt>From</dt>
            <dd>{usage.source}</dd>
          </dl>
        ) : (
          <p className="field__hint" role="note">
            {usage.error ?? 'Usage is not connected for this connection: give it a mail usage source (Dovecot) in Connections to see used size, messages and last login.'}
          </p>
        )}
      </section>
      <section className="account-block" aria-label="Lock state">
        <h3 className="section-title">Lock state</h3>
        <dl className="facts">
          <dt>State</dt>
          <dd data-field="lock-state">
            <span className={`state state--${lock.state === 'active' ? 'enabled' : lock.state}`}>{stateWords[lock.state]}</span>
          </dd>
          <dt>Since</dt>
          <dd data-field="lock-since">{lock.state === 'active' ? '–' : lock.since === null ? 'Not recorded' : when(lock.since)}</dd>
          <dt>Why</dt>
          <dd data-field="lock-reason">{lock.reason}</dd>
          <dt>Failed logins</dt>
          <dd>{lock.failedLogins === 0 ? 'None counted' : `${formatCount(lock.failedLogins)}, last ${when(lock.lastFailure)}`}</dd>
        </dl>
      </section>
    </div>
  );
}
