/**
 * One writer for both paths, written once and run on every flavor (mailbox-writes.openldap.test.ts,
 * mailbox-writes.active-directory.test.ts): a mailbox created by the console and one created by a bulk import row
 * end up the same entry, attribute for attribute, with the same memberships; an update and a create-or-update row
 * with the same values leave the same entry. The import runs as a real job.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Entry } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorySession } from '../../../main/app/directory-session';
import { AuditJournal } from '../../../main/audit/audit-journal';
import { JobRunner } from '../../../main/bulk/job-runner';
import { mailboxUpdateWrites } from '../../../main/hosting/mailbox-writes';
import type { CreateMailboxRequest } from '../../../shared/model/hosting';

/** What a flavor's test file provides once its server is up. */
export interface MailboxWritesTarget {
  /** Bound as the host admin (over an encrypted connection where passwords need one). */
  session: DirectorySession;
  /** True when `dn` can bind with `password`. */
  canBind(dn: string, password: string): Promise<boolean>;
  /** Attributes each entry has its own value of (ids, times, sequence numbers; lower case). */
  ownValues: readonly string[];
}

const gib = 2 ** 30;
const password = 'Correct-Horse-9';
const header = 'login,given name,surname,display name,primary address,aliases,quota,password,groups,enabled';

/** Registers the suite; `target()` is called inside hooks and tests, after the caller's beforeAll ran. */
export function mailboxWritesSuite(target: () => MailboxWritesTarget): void {
  let jobsRoot: string;
  let runner: JobRunner;
  const session = () => target().session;

  beforeAll(async () => {
    jobsRoot = await mkdtemp(path.join(tmpdir(), 'enclave-writes-'));
    runner = new JobRunner({ root: jobsRoot, emit: () => {}, auditJournal: new AuditJournal(path.join(jobsRoot, 'journal.jsonl')) });
    await session().services.tenants.create({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme-mail.test'], storagePoolBytes: 100 * gib, defaultQuotaBytes: gib } });
    await session().services.groups.create({ tenant: 'Acme', kind: 'security', name: 'Staff', description: '', address: null, members: [] });
    await session().services.groups.create({ tenant: 'Acme', kind: 'distribution', name: 'Sales', description: '', address: 'sales@acme.test', members: [] });
  });
  afterAll(async () => {
    if (jobsRoot) await rm(jobsRoot, { recursive: true, force: true });
  });

  async function importCsv(rows: string[], mode: 'create' | 'upsert') {
    const job = await runner.start(session().services, { tenant: 'Acme', csv: [header, ...rows].join('\n'), mode, onlyValid: false, fileName: 'writes.csv' });
    return runner.wait(job.jobId);
  }

  /**
   * A mailbox's entry with its memberships (memberOf), every value as text, sorted, with its login written as
   * LOGIN so two mailboxes that differ only by login compare equal. The password is left out: it is stored hashed
   * or not readable at all (checked by binding instead), and so are the values each entry has its own of.
   */
  async function entryOf(login: string): Promise<Record<string, string[]>> {
    const { dn } = await session().services.mailboxes.get('Acme', login);
    const entry = (await session().connection.read(dn, ['*', 'memberOf'])) as Entry;
    const out: Record<string, string[]> = { dn: [entry.dn.replaceAll(login, 'LOGIN')] };
    const skipped = new Set(['dn', 'userpassword', ...target().ownValues]);
    for (const [attribute, value] of Object.entries(entry)) {
      if (skipped.has(attribute.toLowerCase())) continue;
      const list = (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
      out[attribute.toLowerCase()] = list.map((v) => v.replaceAll(login, 'LOGIN')).sort();
    }
    return out;
  }

  const canBind = async (login: string) => target().canBind((await session().services.mailboxes.get('Acme', login)).dn, password);

  describe('mailbox writes', () => {
    it('a bulk row and a single create of the same values add the identical entry with the same memberships', async () => {
      const single: CreateMailboxRequest = {
        tenant: 'Acme',
        login: 'single1',
        givenName: 'Zoë',
        surname: 'O\'Brien, "Jr."',
        displayName: '',
        primaryAddress: 'single1@acme.test',
        aliases: ['single1.alias@acme-mail.test', 'single1.other@acme.test'],
        quotaBytes: 2 * gib,
        hiddenFromAddressBook: false,
        password,
        enabled: true,
        groups: ['Staff', 'Sales'],
      };
      await session().services.mailboxes.create(single);
      const result = await importCsv(['bulk1,Zoë,"O\'Brien, ""Jr.""",,bulk1@acme.test,bulk1.alias@acme-mail.test bulk1.other@acme.test,2 GiB,' + password + ',Staff|Sales,yes'], 'create');
      expect(result).toMatchObject({ state: 'completed', created: 1, failed: 0 });
      const [fromSingle, fromBulk] = [await entryOf('single1'), await entryOf('bulk1')];
      expect(Object.keys(fromBulk).sort()).toEqual(Object.keys(fromSingle).sort());
      expect(fromBulk).toEqual(fromSingle);
      // Staff and Sales, and all-users (in memberOf on OpenLDAP; on AD the primary group, which memberOf never names).
      const memberOf = (fromSingle['memberof'] ?? []).join(' | ');
      expect(memberOf).toMatch(/Staff/i);
      expect(memberOf).toMatch(/Sales/i);
      expect(fromSingle['memberof']?.length).toBe(fromSingle['primarygroupid'] ? 2 : 3);
      expect(await canBind('single1')).toBe(true);
      expect(await canBind('bulk1')).toBe(true);
    });

    it('a disabled mailbox with the tenant default quota and no groups: the same entry both ways', async () => {
      await session().services.mailboxes.create({ tenant: 'Acme', login: 'single2', givenName: '', surname: 'Plain', displayName: 'Shown Name', primaryAddress: 'single2@acme.test', aliases: [], hiddenFromAddressBook: false, password, enabled: false, groups: [] });
      expect(await importCsv([`bulk2,,Plain,Shown Name,bulk2@acme.test,,,${password},,no`], 'create')).toMatchObject({ state: 'completed', created: 1, failed: 0 });
      expect(await entryOf('bulk2')).toEqual(await entryOf('single2'));
    });

    it('a create-or-update row and a single update with the same values leave the same entry', async () => {
      const base = { tenant: 'Acme', givenName: 'Ann', surname: 'Lee', displayName: '', aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [] };
      await session().services.mailboxes.create({ ...base, login: 'single3', primaryAddress: 'single3@acme.test', aliases: ['single3.old@acme.test'] });
      await session().services.mailboxes.create({ ...base, login: 'bulk3', primaryAddress: 'bulk3@acme.test', aliases: ['bulk3.old@acme.test'] });
      expect(await entryOf('bulk3')).toEqual(await entryOf('single3'));

      // The primary moves to a new address, the names and quota change; the old alias stays.
      const before = await session().services.mailboxes.get('Acme', 'single3');
      const changes = { givenName: 'Anne', surname: 'Moore', displayName: 'Anne M.', primaryAddress: 'single3.new@acme.test', quotaBytes: 3 * gib };
      expect(mailboxUpdateWrites(session().services.context.dialect, before, changes).changed).toEqual(['givenName', 'surname', 'displayName', 'primaryAddress', 'quotaBytes']);
      await session().services.mailboxes.update('Acme', 'single3', changes);
      expect(await importCsv(['bulk3,Anne,Moore,Anne M.,bulk3.new@acme.test,bulk3.old@acme.test,3 GiB,,,yes'], 'upsert')).toMatchObject({ state: 'completed', updated: 1, failed: 0 });
      const [updated, upserted] = [await entryOf('single3'), await entryOf('bulk3')];
      expect(upserted).toEqual(updated);
      expect(await session().services.mailboxes.get('Acme', 'single3')).toMatchObject({ displayName: 'Anne M.', primaryAddress: 'single3.new@acme.test', aliases: ['single3.old@acme.test'], quotaBytes: 3 * gib });
    });

    it('a row that changes the surname and gives the display name as it is keeps that display name, and a re-run changes nothing', async () => {
      await session().services.mailboxes.create({ tenant: 'Acme', login: 'named', givenName: 'Ann', surname: 'Lee', displayName: 'The Boss', primaryAddress: 'named@acme.test', aliases: [], hiddenFromAddressBook: false, password, enabled: true, groups: [] });
      const row = 'named,Ann,Moore,The Boss,named@acme.test,,1 GiB,,,yes';
      expect(await importCsv([row], 'upsert')).toMatchObject({ state: 'completed', updated: 1, failed: 0 });
      expect(await session().services.mailboxes.get('Acme', 'named')).toMatchObject({ surname: 'Moore', displayName: 'The Boss' });
      expect(await importCsv([row], 'upsert')).toMatchObject({ state: 'completed', updated: 0, unchanged: 1 });
    });

    it('compares as both paths need: an unchanged value is not written, addresses ignore case, an empty display name is the shown name', async () => {
      const current = await session().services.mailboxes.get('Acme', 'single1');
      const same = { givenName: current.givenName, surname: current.surname, displayName: '', primaryAddress: current.primaryAddress.toUpperCase(), aliases: [...current.aliases].reverse(), quotaBytes: current.quotaBytes, enabled: true };
      expect(mailboxUpdateWrites(session().services.context.dialect, current, same)).toEqual({ changed: [], modifications: [] });
      // One name changes: every name the request gives is written with it (the shown name derives from all three),
      // so a display name given as it is stays (AD would otherwise derive a new one from the names).
      const renamed = mailboxUpdateWrites(session().services.context.dialect, current, { ...same, displayName: current.displayName, surname: 'Other' });
      expect(renamed.changed).toEqual(['surname']);
      expect(renamed.modifications.map((change) => change.modification.type)).toEqual(expect.arrayContaining(['givenName', 'sn', 'displayName']));
    });
  });
}
