/** Enable or disable, unlock after failed logins, reset the password (the server's policy decides), delete. */
import { useState } from 'react';
import type { Mailbox } from '../../../shared/model/hosting';
import { mailboxStatus, mailboxStatusLabel } from '../../format/mailbox-status';
import { useConsoleActions } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { PasswordRules, passwordRuleIssue } from '../password-rules';
import { usePasswordPolicy } from '../use-password-policy';
import { done, useCall } from '../use-call';

interface AccountTabProps {
  mailbox: Mailbox;
  canEdit: boolean;
  canResetPassword: boolean;
  onChanged(mailbox: Mailbox): void;
  onDelete(): void;
}

export function AccountTab({ mailbox, canEdit, canResetPassword, onChanged, onDelete }: AccountTabProps) {
  const actions = useConsoleActions();
  const state = useCall();
  const password = useCall();
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [passwordDone, setPasswordDone] = useState(false);
  const status = mailboxStatus(mailbox);
  const ref = { tenant: mailbox.tenant, login: mailbox.login };
  const mismatch = repeat !== '' && repeat !== newPassword ? 'The two passwords differ' : undefined;
  const policy = usePasswordPolicy(mailbox.tenant);
  const weak = passwordRuleIssue(policy, newPassword);

  const apply = async (run: () => ReturnType<typeof actions.unlockMailbox>) => {
    const updated = await state.run(run);
    if (updated !== null) onChanged(updated);
  };

  return (
    <div className="form-grid">
      <section className="account-block" aria-label="Account state">
        <p>
          State: <span className={`state state--${status}`}>{mailboxStatusLabel[status]}</span>
        </p>
        <div className="button-row">
          {canEdit && (
            <button type="button" className="button" disabled={state.busy} onClick={() => void apply(() => actions.setMailboxEnabled({ ...ref, enabled: !mailbox.enabled }))}>
              {mailbox.enabled ? 'Disable mailbox' : 'Enable mailbox'}
            </button>
          )}
          {canResetPassword && mailbox.locked && (
            <button type="button" className="button" disabled={state.busy} onClick={() => void apply(() => actions.unlockMailbox(ref))}>
              Unlock
            </button>
          )}
        </div>
        {state.error !== null && <ErrorNotice title="Could not change the account state" error={state.error} />}
      </section>

      {canResetPassword && (
        <form
          className="account-block"
          aria-label="Reset password"
          onSubmit={(event) => {
            event.preventDefault();
            if (mismatch !== undefined || weak !== undefined || newPassword === '') return;
            setPasswordDone(false);
            void password.run(async () => done(await actions.resetMailboxPassword({ ...ref, password: newPassword }))).then((changed) => {
              if (changed === null) return;
              setPasswordDone(true);
              setNewPassword('');
              setRepeat('');
            });
          }}
        >
          <h3 className="section-title">Reset password</h3>
          <Field label="New password" issue={weak} hint="The tenant’s password policy; the directory has the last word.">
            {(props) => <input {...props} type="password" autoComplete="new-password" className="input" value={newPassword} onChange={(event) => setNewPassword(event.target.value)} />}
          </Field>
          <PasswordRules policy={policy} password={newPassword} />
          <Field label="Repeat new password" issue={mismatch}>
            {(props) => <input {...props} type="password" autoComplete="new-password" className="input" value={repeat} onChange={(event) => setRepeat(event.target.value)} />}
          </Field>
          <button type="submit" className="button button--primary" disabled={password.busy || newPassword === '' || repeat !== newPassword || weak !== undefined}>
            {password.busy ? 'Setting…' : 'Set password'}
          </button>
          {passwordDone && (
            <p className="notice notice--ok" role="status">
              Password changed for {mailbox.login}.
            </p>
          )}
          {password.error !== null && <ErrorNotice title="The password was not changed" error={password.error} />}
        </form>
      )}

      {canEdit && (
        <section className="account-block" aria-label="Delete mailbox">
          <button type="button" className="button button--danger" onClick={onDelete}>
            Delete mailbox…
          </button>
        </section>
      )}
    </div>
  );
}
