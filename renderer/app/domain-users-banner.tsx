/**
 * The host admin's one-line reminder on Active Directory: mailboxes tenant admins created stay in Domain Users
 * until a host admin finishes them (docs/active-directory.md). Checked again whenever the tenant list loads.
 */
import { useEffect, useState } from 'react';
import { domainUsersMemberNames, type DomainUsersMember } from '../../shared/model/hosting';
import { useConsoleActions, useConsoleState } from '../state/store-context';
import { plainWords } from '../format/describe-error';
import { domainUsersBannerText, showsDomainUsersBanner } from './domain-users-pending';
import { ErrorNotice } from './error-notice';
import { useCall } from './use-call';

export function DomainUsersBanner() {
  const actions = useConsoleActions();
  const state = useConsoleState();
  const applies = showsDomainUsersBanner(state.session.status === 'ready' ? state.session.value : null);
  const [pending, setPending] = useState<readonly DomainUsersMember[]>([]);
  const [failedMessage, setFailedMessage] = useState<string | null>(null);
  const finish = useCall();

  useEffect(() => {
    if (!applies) return;
    let current = true;
    void actions.listPendingPrimaryGroups({}).then((result) => {
      if (current && result.ok) setPending(result.value.mailboxes);
    });
    return () => {
      current = false;
    };
  }, [actions, applies, state.tenants]);

  if (!applies || (pending.length === 0 && finish.error === null)) return null;
  return (
    <section className="domain-users-banner" aria-label="Domain Users">
      {pending.length > 0 && (
        <p className="domain-users-banner__text" role="status" title={domainUsersMemberNames(pending)}>
          {domainUsersBannerText(pending.length)}
          {failedMessage !== null && (
            <span className="domain-users-banner__detail" title={failedMessage}>
              {' '}
              — not finished: {plainWords(failedMessage)}
            </span>
          )}
        </p>
      )}
      {pending.length > 0 && (
        <button
          type="button"
          className="button"
          disabled={finish.busy}
          onClick={() =>
            void finish.run(() => actions.finishPrimaryGroups({})).then((report) => {
              if (report === null) return;
              setPending(report.failed);
              setFailedMessage(report.failed[0]?.message ?? null);
            })
          }
        >
          {finish.busy ? 'Finishing…' : 'Finish'}
        </button>
      )}
      {finish.error !== null && <ErrorNotice title="Could not take the mailboxes out of Domain Users" error={finish.error} onRetry={finish.clear} retryLabel="Dismiss" />}
    </section>
  );
}
