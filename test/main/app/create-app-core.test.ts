import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../main/app/app-core';
import { createAppCore } from '../../../main/app/create-app-core';
import { demoMailboxesPerTenant, demoTenants } from '../../../main/hosting/demo-seed';
import { FileProfileStore } from '../../../main/profiles/file-profile-store';
import { FileSecretStore } from '../../../main/profiles/file-secret-store';
import type { Result } from '../../../shared/errors';
import type { SavedConnection, SessionInfo } from '../../../shared/model/connection';
import type { MailboxPage, TenantSummary } from '../../../shared/model/hosting';

let dataDir: string;
let core: AppCore;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'enclave-core-'));
  core = await createAppCore({
    dataDir,
    profiles: new FileProfileStore(path.join(dataDir, 'profiles.json')),
    secrets: new FileSecretStore(path.join(dataDir, 'secrets.json')),
  });
});
afterAll(async () => {
  await core?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`call failed: ${result.error.kind}: ${result.error.message}`);
  return result.value as T;
};

describe('createAppCore', () => {
  it('opens on the seeded sandbox when no connection is saved', async () => {
    const session = value<SessionInfo>(await core.dispatch('getSession', {}));
    expect(session.sandbox.state).toBe('running');
    expect(session.connection).toMatchObject({ profileId: 'sandbox', flavor: 'openldap', suffix: 'dc=hosting,dc=test', isSandbox: true });
    const tenants = value<TenantSummary[]>(await core.dispatch('listTenants', {}));
    expect(tenants.map((t) => t.name).sort()).toEqual(demoTenants.map((t) => t.name).sort());
    expect(tenants.every((t) => t.mailboxCount === demoMailboxesPerTenant)).toBe(true);
  });

  it('lists the tenants read while a window loaded, and never a list from before a write', async () => {
    const names = (result: Result<unknown>) => value<TenantSummary[]>(result).map((t) => t.name);
    core.windowLoading();
    const warm = value<TenantSummary[]>(await core.dispatch('listTenants', { counts: false }));
    expect(warm.map((t) => t.name).sort()).toEqual(demoTenants.map((t) => t.name).sort());
    expect(warm.every((t) => t.mailboxCount === null)).toBe(true);
    // Warmed, then a tenant is created before the page asks: the page must see it.
    core.windowLoading();
    value(await core.dispatch('createTenant', { name: 'Warmup Late', settings: { mailDomains: ['warmup-late.test'] } }));
    try {
      expect(names(await core.dispatch('listTenants', { counts: false }))).toContain('Warmup Late');
    } finally {
      value(await core.dispatch('deleteTenant', { tenant: 'Warmup Late' }));
    }
  });

  it('answers the first screen with the first tenants by name, the whole list next, and a write in between shows', async () => {
    const names = (result: Result<unknown>) => value<TenantSummary[]>(result).map((t) => t.name);
    const byName = demoTenants.map((t) => t.name).sort((a, b) => a.localeCompare(b));
    expect(names(await core.dispatch('listTenants', { first: 2 }))).toEqual(byName.slice(0, 2));
    expect(names(await core.dispatch('listTenants', { counts: false }))).toEqual(byName);
    // The first screen's read is kept for the whole listing; a write between them must not be hidden by it.
    expect(names(await core.dispatch('listTenants', { first: 1 }))).toEqual(byName.slice(0, 1));
    value(await core.dispatch('createTenant', { name: 'Aaa First Screen', settings: { mailDomains: ['aaa-first-screen.test'] } }));
    try {
      expect(names(await core.dispatch('listTenants', { counts: false }))[0]).toBe('Aaa First Screen');
    } finally {
      value(await core.dispatch('deleteTenant', { tenant: 'Aaa First Screen' }));
    }
    for (const first of [0, 1_001, 1.5]) expect(await core.dispatch('listTenants', { first })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('validates every payload against the contract before running anything', async () => {
    const bad = await core.dispatch('createMailbox', { tenant: 'Acme', login: 'Bad Login!', surname: '', primaryAddress: 'nope', password: '' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.kind).toBe('invalid-input');
    const paths = bad.error.kind === 'invalid-input' ? bad.error.issues.map((i) => i.path.join('.')) : [];
    expect(paths).toEqual(expect.arrayContaining(['login', 'surname', 'primaryAddress', 'password']));
    expect(await core.dispatch('listTenants', { extra: true })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await core.dispatch('dropDatabase', {})).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: 'Unknown call "dropDatabase".' } });
  });

  it('refuses search text with a NUL (which once matched every mailbox) instead of searching', async () => {
    const everything = value<{ length: number }>(await core.dispatch('searchDirectory', { query: 'a' }));
    expect(everything.length).toBeGreaterThan(0);
    for (const [call, payload] of [['searchDirectory', { query: 'zz\u0000' }], ['listMailboxes', { tenant: 'Acme', query: '\u0000' }]] as const) {
      const refused = await core.dispatch(call, payload);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
      if (!refused.ok && refused.error.kind === 'invalid-input') expect(refused.error.issues[0]?.message).toMatch(/control characters/);
    }
  });

  it('returns directory errors as data with the LDAP-level cause', async () => {
    const missing = await core.dispatch('getMailbox', { tenant: 'Acme', login: 'nobody' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('serves a tenant\'s mailboxes a page at a time', async () => {
    const first = value<MailboxPage>(await core.dispatch('listMailboxes', { tenant: 'Acme', pageSize: 15 }));
    expect(first.items).toHaveLength(15);
    expect(first.nextCursor).not.toBeNull();
    const rest = value<MailboxPage>(await core.dispatch('listMailboxes', { tenant: 'Acme', pageSize: 15, cursor: first.nextCursor }));
    expect(rest.items).toHaveLength(demoMailboxesPerTenant - 15);
    expect(rest.nextCursor).toBeNull();
    expect(first.items.every((m) => m.primaryAddress.endsWith('@acme.test'))).toBe(true);
  });

  it('never sends a password across the boundary', async () => {
    const sandboxInfo = JSON.parse(await readFile(path.join(dataDir, 'sandbox', 'credentials.json'), 'utf8')) as { password: string };
    const responses = await Promise.all(['getSession', 'listConnections'].map((name) => core.dispatch(name, {})));
    for (const response of responses) expect(JSON.stringify(response)).not.toContain(sandboxInfo.password);
  });

  it('saves a profile without echoing its password and refuses a TLS mode that contradicts the URL', async () => {
    const profile = { id: 'corp', name: 'Corp', urls: ['ldaps://ldap.corp.test:636'], bindDN: 'cn=admin,dc=corp', tlsMode: 'ldaps' };
    const saved = await core.dispatch('saveConnection', { profile, password: 's3cret-value' });
    expect(saved).toMatchObject({ ok: true, value: { id: 'corp', hasSavedPassword: true } });
    expect(JSON.stringify(saved)).not.toContain('s3cret-value');
    const mismatch = await core.dispatch('saveConnection', { profile: { ...profile, id: 'corp2', tlsMode: 'none' } });
    expect(mismatch).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const listed = await core.dispatch('listConnections', {});
    expect(JSON.stringify(listed)).not.toContain('s3cret-value');
  });
});

describe('audit of rule changes', () => {
  it('changes no access rule when a tenant is created: the policy is the same for any tenants (docs/isolation.md)', async () => {
    const journal = () => readFile(path.join(dataDir, 'audit', 'journal.jsonl'), 'utf8').catch(() => '');
    const ruleWrites = (text: string) => text.trim().split('\n').filter((line) => line.includes('"olcAccess"')).length;
    const before = ruleWrites(await journal());
    const created = await core.dispatch('createTenant', { name: 'Audited Rules', settings: { mailDomains: ['audited-rules.test'], storagePoolBytes: 10 * 2 ** 30 } });
    expect(created.ok).toBe(true);
    expect(ruleWrites(await journal())).toBe(before);
  });
});

describe('createAppCore across restarts', () => {
  let dir: string;
  const open = () =>
    createAppCore({ dataDir: dir, profiles: new FileProfileStore(path.join(dir, 'profiles.json')), secrets: new FileSecretStore(path.join(dir, 'secrets.json')) });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'enclave-core-restart-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reopens the last connection, keeps the sandbox listed and on the same URL, and reports a failed reconnect as state', async () => {
    const first = await open();
    const sandboxUrl = value<SessionInfo>(await first.dispatch('getSession', {})).connection?.url;
    const sandboxEntry = value<SavedConnection[]>(await first.dispatch('listConnections', {})).find((c) => c.isSandbox);
    expect(sandboxEntry?.urls).toEqual([sandboxUrl]);
    // A profile saved against the sandbox's own URL (what an admin copies from the header).
    const credentials = JSON.parse(await readFile(path.join(dir, 'sandbox', 'credentials.json'), 'utf8')) as { bindDN: string; password: string };
    value(await first.dispatch('saveConnection', { profile: { id: 'copied', name: 'Copied sandbox', urls: [sandboxUrl], bindDN: credentials.bindDN, tlsMode: 'none', flavor: 'openldap' }, password: credentials.password }));
    await first.dispose();

    // Saved profiles exist now, but the sandbox was the last connection: it comes back, on the same URL.
    const second = await open();
    try {
      const session = value<SessionInfo>(await second.dispatch('getSession', {}));
      expect(session.connection).toMatchObject({ profileId: 'sandbox', url: sandboxUrl });
      expect(value<SessionInfo>(await second.dispatch('connect', { profileId: 'copied' })).connection).toMatchObject({ profileId: 'copied', url: sandboxUrl });
    } finally {
      await second.dispose();
    }

    // The copied profile was last; the sandbox is not running, so the reconnect fails quietly as state.
    const events: unknown[] = [];
    const third = await open();
    try {
      third.onEvent((name, payload) => events.push([name, payload]));
      const session = value<SessionInfo>(await third.dispatch('getSession', {}));
      expect(session.connection).toBeNull();
      const listed = value<SavedConnection[]>(await third.dispatch('listConnections', {}));
      expect(listed.find((c) => c.isSandbox)).toMatchObject({ urls: [sandboxUrl], bindDN: credentials.bindDN });
      expect(session.sandbox.state).toBe('stopped');
      // Starting the sandbox brings the copied profile back to life.
      value(await third.dispatch('connect', { profileId: 'sandbox' }));
      expect(value<SessionInfo>(await third.dispatch('connect', { profileId: 'copied' })).connection?.url).toBe(sandboxUrl);
    } finally {
      await third.dispose();
    }
  }, 60_000);
});
