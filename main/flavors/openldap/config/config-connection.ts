/**
 * A connection to slapd's cn=config. Implemented for the local ldapi socket with SASL EXTERNAL (the
 * sandbox: the process owner manages cn=config). A remote server would bind with a profile's cn=config DN
 * and password instead; that path is designed in docs/isolation.md but not built yet.
 */
import net from 'node:net';
import { Attribute, Change, Client, EqualityFilter } from 'ldapts';
import { failure } from '../../../../shared/errors';
import { toEnclaveError } from '../../../directory/ldap-errors';

/** How to reach cn=config. */
export interface ConfigAccess {
  /** `ldapi://%2F...` URL of slapd's Unix socket. */
  ldapiUrl: string;
}

/** The config entries that hold the main database's rules. */
export interface RuleLocations {
  databaseDn: string;
  constraintDn: string | null;
}

export class ConfigConnection {
  private constructor(private readonly client: Client) {}

  /** Connects over ldapi and binds with SASL EXTERNAL. */
  static async open(access: ConfigAccess): Promise<ConfigConnection> {
    const socketPath = ldapiSocketPath(access.ldapiUrl);
    // ldapts takes a socket factory; the URL is only a label then.
    const client = new Client({ url: 'ldap://localhost', timeout: 30_000, connectTimeout: 5_000, createConnection: () => net.connect(socketPath) });
    try {
      await client.bind('EXTERNAL');
    } catch (error) {
      await client.unbind().catch(() => {});
      const mapped = toEnclaveError(error, { target: `cn=config over ${access.ldapiUrl}` });
      throw failure({ kind: 'internal', message: `Cannot manage cn=config over ldapi (SASL EXTERNAL): ${mapped.message}` });
    }
    return new ConfigConnection(client);
  }

  /** Finds the database serving `suffix` and its constraint overlay. */
  async locate(suffix: string): Promise<RuleLocations> {
    const databases = await this.client.search('cn=config', { scope: 'one', filter: new EqualityFilter({ attribute: 'olcSuffix', value: suffix }), attributes: ['1.1'] });
    const database = databases.searchEntries[0];
    if (!database) throw failure({ kind: 'not-found', target: suffix, message: `cn=config has no database for ${suffix}.` });
    const overlays = await this.client.search(database.dn, { scope: 'one', filter: new EqualityFilter({ attribute: 'objectClass', value: 'olcConstraintConfig' }), attributes: ['1.1'] });
    return { databaseDn: database.dn, constraintDn: overlays.searchEntries[0]?.dn ?? null };
  }

  /** The DN of the schema entry named `name` (`cn={n}name,cn=schema,cn=config`). */
  async findSchemaEntry(name: string): Promise<string> {
    const { searchEntries } = await this.client.search('cn=schema,cn=config', { scope: 'one', attributes: ['cn'] });
    const found = searchEntries.find((entry) => String(entry['cn']).replace(/^\{\d+\}/, '') === name);
    if (!found) throw failure({ kind: 'not-found', target: name, message: `cn=config has no schema named ${name}.` });
    return found.dn;
  }

  /** The values of a multi-valued setting, `{n}` prefixes removed. */
  async readOrdered(dn: string, attribute: string): Promise<string[]> {
    const { searchEntries } = await this.client.search(dn, { scope: 'base', attributes: [attribute] });
    const raw = searchEntries[0]?.[attribute] ?? [];
    const list = (Array.isArray(raw) ? raw : [raw]).map((value) => (typeof value === 'string' ? value : value.toString('utf8')));
    return list.map((value) => value.replace(/^\{\d+\}/, ''));
  }

  /** Replaces every value of `attribute` in one modify: slapd checks the whole list before applying any of it. */
  async replaceOrdered(dn: string, attribute: string, values: string[]): Promise<void> {
    const numbered = values.map((value, index) => `{${index}}${value}`);
    await this.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: numbered }) })]);
  }

  /** Replaces the `index`th value of an ordered setting in place (schema elements cannot all be replaced at once). */
  async replaceOrderedValue(dn: string, attribute: string, index: number, before: string, after: string): Promise<void> {
    await this.modify(dn, [
      new Change({ operation: 'delete', modification: new Attribute({ type: attribute, values: [`{${index}}${before}`] }) }),
      new Change({ operation: 'add', modification: new Attribute({ type: attribute, values: [`{${index}}${after}`] }) }),
    ]);
  }

  /** Replaces every value of an unordered setting (olcConstraintAttribute takes no `{n}` prefixes). */
  async replaceValues(dn: string, attribute: string, values: string[]): Promise<void> {
    await this.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values }) })]);
  }

  /** Deletes the `index`th value of an ordered setting (used by tests to break a rule on purpose). */
  async deleteOrdered(dn: string, attribute: string, index: number): Promise<void> {
    const current = await this.readOrdered(dn, attribute);
    await this.replaceOrdered(dn, attribute, current.filter((_, i) => i !== index));
  }

  async modify(dn: string, changes: Change[]): Promise<void> {
    try {
      await this.client.modify(dn, changes);
    } catch (error) {
      throw failure(toEnclaveError(error, { target: dn }));
    }
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => {});
  }
}

/** The socket path of an `ldapi://` URL (its host part is the %2F-encoded path). */
export function ldapiSocketPath(url: string): string {
  const match = /^ldapi:\/\/([^/?]+)\/?$/i.exec(url);
  if (!match?.[1]) throw failure({ kind: 'invalid-input', message: `Not an ldapi:// URL: ${url}`, issues: [{ path: ['ldapiUrl'], message: 'expected ldapi://%2Fpath%2Fto%2Fsocket' }] });
  return decodeURIComponent(match[1]);
}
