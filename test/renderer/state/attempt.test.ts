import { describe, expect, it } from 'vitest';
import { fieldValue, stillApplying } from '../../../renderer/state/attempt';
import type { EnclaveError } from '../../../shared/errors';

const form = { quotaAmount: '40', quotaUnit: 'GiB', aliases: ['a@acme.test', 'b@acme.test'], displayName: 'Ann' };
const valueOf = (values: typeof form, key: string) => fieldValue(values, key, { quota: ['quotaAmount', 'quotaUnit'] });
const refusedQuota: EnclaveError = { kind: 'invalid-input', message: 'A quota of 40.00 GiB exceeds what is left.', issues: [{ path: ['changes', 'quotaBytes'], message: 'at most 2147483648 bytes are left' }] };

describe('stillApplying()', () => {
  it('keeps the server\'s problem with a field while the field holds what was sent', () => {
    const attempt = { error: refusedQuota, sent: form };
    expect(stillApplying(attempt, { ...form, displayName: 'Ann B.' }, valueOf)).toEqual({ issues: { quota: 'at most 2 GiB are left' }, notice: refusedQuota });
  });

  it('drops it, notice included, once the field is fixed', () => {
    const attempt = { error: refusedQuota, sent: form };
    expect(stillApplying(attempt, { ...form, quotaAmount: '2' }, valueOf)).toEqual({ issues: {}, notice: null });
    expect(stillApplying(attempt, { ...form, quotaUnit: 'MiB' }, valueOf)).toEqual({ issues: {}, notice: null });
  });

  it('follows list fields by index', () => {
    const error: EnclaveError = { kind: 'invalid-input', message: 'x', issues: [{ path: ['changes', 'aliases', 1], message: 'taken' }] };
    const attempt = { error, sent: form };
    expect(stillApplying(attempt, form, valueOf).issues).toEqual({ 'aliases.1': 'taken' });
    expect(stillApplying(attempt, { ...form, aliases: ['a@acme.test', 'c@acme.test'] }, valueOf).notice).toBeNull();
  });

  it('keeps an error about the whole request until anything changes', () => {
    const error: EnclaveError = { kind: 'conflict', message: 'Changed by someone else.', target: 'ann' };
    expect(stillApplying({ error, sent: form }, form, valueOf).notice).toBe(error);
    expect(stillApplying({ error, sent: form }, { ...form, displayName: 'A' }, valueOf).notice).toBeNull();
    expect(stillApplying(null, form, valueOf)).toEqual({ issues: {}, notice: null });
  });
});
