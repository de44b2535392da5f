/** Enable or disable, unlock after failed logins, reset the password (the server's policy decides), delete. */
import { useState } from 'react';
import type { Mailbox } from '../../../shared/model/hosting';
import { expiryOfLastDay, hasExpired, lastDayOfExpiry } from '../../format/account-expiry';
import { mailboxStatus, mailboxStatusLabel } from '../../format/mailbox-status';
import { useConsoleActions } from '../../state/store-context';
import { ErrorNotice } from '../error-notice';
import { Field } from '../field';
import { PasswordField } from '../password-field';
import { passwordRuleIssue } from '../password-rules';
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
  const [mustChange, setMustChange] = useState(false);
  const expiry = useCall();
  const [lastDay, setLastDay] = useState(mailbox.expiresAt ? lastDayOfExpiry(mailbox.expiresAt) : '');
  const status = mailboxStatus(mailbox);
  const ref = { tenant: mailbox.tenant, login: mailbox.login };
  const mismatch = repeat !== '' && repeat !== newPassword ? 'The two passwords differ' : undefined;
  const weak = passwordRuleIssue(usePasswordPolicy(mailbox.tenant), newPassword);
  const wantedExpiry = lastDay === '' ? null : expiryOfLastDay(lastDay);
  const expiryChanged = lastDay === '' ? (mailbox.expiresAt ?? null) !== null : wantedExpiry !== null && wantedExpiry !== mailbox.expiresAt;

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
        {mailbox.mustChangePassword === true && <p className="form-note">The user must choose a new password at the next sign-in.</p>}
        {mailbox.expiresAt && <p className="form-note">{hasExpired(mailbox.expiresAt) ? `Expired: it worked until ${lastDayOfExpiry(mailbox.expiresAt)}.` : `Works until ${lastDayOfExpiry(mailbox.expiresAt)} (UTC).`}</p>}
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
            void password.run(async () => done(await actions.resetMailboxPassword({ ...ref, password: newPassword, ...(mustChange ? { mustChange: true } : {}) }))).then((changed) => {
              if (changed === null) return;
              setPasswordDone(true);
              setNewPassword('');
              setRepeat('');
              // The state shown ("must change") follows the reset.
              void actions.getMailbox(ref).then((result) => result.ok && onChanged(result.value));
            });
          }}
        >
          <h3 className="section-title">Reset password</h3>
          <PasswordField
            tenant={mailbox.tenant}
            label="New password"
            value={newPassword}
            repeat={repeat}
            mustChange={{ label: 'Must change it at the next sign-in', checked: mustChange, onChange: setMustChange }}
            onChange={(value, again) => {
              setNewPassword(value);
              setRepeat(again);
              setPasswordDone(false);
            }}
          />
          <button type="submit" className="button button--primary" disabled={password.busy || newPassword === '' || repeat !== newPassword || mismatch !== undefined || weak !== undefined}>
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
        <form
          className="account-block"
          aria-label="Account expiry"
          onSubmit={(event) => {
            event.preventDefault();
            if (!expiryChanged) return;
            void expiry.run(() => actions.updateMailbox({ ...ref, changes: { expiresAt: wantedExpiry }, expectedRevision: mailbox.revision })).then((updated) => updated !== null && onChanged(updated));
          }}
        >
          <Field label="Works until" hint="The last day it can sign in and receive mail (UTC); empty: no end." issue={lastDay !== '' && wantedExpiry === null ? 'Give a date such as 2027-01-31' : undefined}>
            {(props) => <input {...props} type="date" className="input" value={lastDay} onChange={(event) => setLastDay(event.target.value)} />}
          </Field>
          <div className="button-row">
            <button type="submit" className="button" disabled={!expiryChanged || expiry.busy}>
              {lastDay === '' ? 'Remove the end date' : 'Set the end date'}
            </button>
          </div>
          {expiry.error !== null && <ErrorNotice title="The end date was not changed" error={expiry.error} />}
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
