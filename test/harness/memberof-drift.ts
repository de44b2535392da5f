/**
 * Memberships whose two sides disagree, made on a real slapd without killing it: the memberof overlay is switched
 * off through cn=config (`olcDisabled`, which slapd 2.5 honours on overlays while running), member values change,
 * and the overlay is switched on again. That is the state a server stopped between a group's modify and the
 * overlay's own memberOf writes leaves behind (docs/directory-layout.md, "memberof is not atomic").
 */
import net from 'node:net';
import { Attribute, Change, Client, EqualityFilter } from 'ldapts';
import { values } from '../../main/directory/entry';
import { ldapiSocketPath } from '../../main/flavors/openldap/config/config-connection';
import type { TestDirectory } from './test-directory';

/** Runs `write` while slapd's memberof overlay is disabled, so member values change and memberOf does not. */
export async function withoutMemberOf<T>(dir: TestDirectory, write: () => Promise<T>): Promise<T> {
  const config = new Client({ url: 'ldap://localhost', createConnection: () => net.connect(ldapiSocketPath(dir.info.ldapiUrl)) });
  try {
    await config.bind('EXTERNAL');
    const { searchEntries } = await config.search('cn=config', { filter: new EqualityFilter({ attribute: 'objectClass', value: 'olcMemberOfConfig' }), attributes: ['1.1'] });
    const overlay = searchEntries[0]?.dn;
    if (!overlay) throw new Error('cn=config has no memberof overlay');
    const disabled = (value: boolean) => config.modify(overlay, [new Change({ operation: 'replace', modification: new Attribute({ type: 'olcDisabled', values: [value ? 'TRUE' : 'FALSE'] }) })]);
    await disabled(true);
    try {
      return await write();
    } finally {
      await disabled(false);
    }
  } finally {
    await config.unbind().catch(() => {});
  }
}

/** The memberOf values of the entries under `base` matching objectClass enclaveMailbox, by lower-case uid. */
export async function memberOfByLogin(client: Client, base: string): Promise<Map<string, string[]>> {
  const { searchEntries } = await client.search(base, { filter: new EqualityFilter({ attribute: 'objectClass', value: 'enclaveMailbox' }), attributes: ['uid', 'memberOf'] });
  return new Map(searchEntries.map((entry) => [values(entry, 'uid')[0]?.toLowerCase() ?? '', values(entry, 'memberOf').map((dn) => dn.toLowerCase())]));
}

/** The member values of `group`, lower-cased. */
export async function memberValues(client: Client, group: string): Promise<string[]> {
  const { searchEntries } = await client.search(group, { scope: 'base', attributes: ['member'] });
  return searchEntries[0] ? values(searchEntries[0], 'member').map((dn) => dn.toLowerCase()) : [];
}
