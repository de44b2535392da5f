/**
 * The mail hosts' read-only directory accounts (docs/mail-servers.md): created with a generated password that is
 * returned once and never stored, made members of the mail-services group (the access policy's mail-service role,
 * which the generated rules name: nothing per account is written to the server's configuration, so re-applying
 * the rules never loses one), listed and removed. Host admins only.
 */
import { randomBytes } from 'node:crypto';
import { EqualityFilter } from 'ldapts';
import { failure } from '../../shared/errors';
import type { CreatedServiceAccount, ServiceAccount } from '../../shared/model/service-accounts';
import { addValues, removeValues } from '../directory/changes';
import { sameDn } from '../directory/dn';
import { values } from '../directory/entry';
import type { HostingContext } from './hosting-context';
import { removeAll } from './write-steps';

/**
 * 32 random URL-safe characters and one of each class AD's complexity rule asks for: only letters, digits, "-" and
 * "_", so the password can stand unquoted in Dovecot's and Postfix's configuration files.
 */
export function generateServicePassword(): string {
  return `${randomBytes(24).toString('base64url')}Aa1`;
}

export class ServiceAccountService {
  constructor(private readonly context: HostingContext) {}

  /** Every service account, with whether it holds the mail-service role. */
  async list(): Promise<ServiceAccount[]> {
    const { connection, dialect } = this.context;
    const container = await connection.read(dialect.layout.servicesDn, ['1.1']);
    if (!container) return [];
    const entries = await connection.search(dialect.layout.servicesDn, { scope: 'one', filter: dialect.serviceAccountFilter(), attributes: dialect.serviceAccountAttributes() });
    const members = await this.mailServiceMembers();
    return entries
      .map((entry) => ({ ...dialect.serviceAccountFromEntry(entry), dn: entry.dn, mailService: members.some((member) => sameDn(member, entry.dn)) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One account; not-found when there is none of that name. */
  async get(name: string): Promise<ServiceAccount> {
    const found = (await this.list()).find((account) => account.name === name);
    if (!found) throw failure({ kind: 'not-found', target: name, message: `There is no service account named "${name}".` });
    return found;
  }

  /**
   * Creates the account and adds it to the mail-services group; all or nothing (a failure after the add deletes the
   * account again). The container and the group are created first when the directory lacks them.
   */
  async create(name: string, description: string): Promise<CreatedServiceAccount> {
    const { connection, dialect } = this.context;
    dialect.assertPasswordTransport?.(connection);
    await this.assertLoginFree(name);
    for (const container of dialect.serviceAccountContainers()) {
      if ((await connection.read(container.dn, ['1.1'])) === null) await connection.add(container.dn, container.attributes);
    }
    const password = generateServicePassword();
    const dn = dialect.serviceAccountDn(name);
    try {
      await connection.add(dn, dialect.serviceAccountEntry(name, description, password));
    } catch (error) {
      const kind = (error as { error?: { kind?: string } }).error?.kind;
      if (kind === 'already-exists') throw failure({ kind: 'already-exists', target: name, field: 'name', message: `A service account named "${name}" already exists.` });
      throw error;
    }
    try {
      await dialect.afterServiceAccountCreated?.(connection, dn, password);
      await connection.modify(dialect.layout.mailServicesGroupDn, [addValues(dialect.memberAttribute, dn)]);
    } catch (error) {
      await removeAll(connection, [dn]);
      throw error;
    }
    return { account: await this.get(name), password };
  }

  /** Takes the account out of the mail-services group, then deletes it: its binds stop at once. */
  async delete(name: string): Promise<void> {
    const { connection, dialect } = this.context;
    const account = await this.get(name);
    if (account.mailService) await connection.modify(dialect.layout.mailServicesGroupDn, [removeValues(dialect.memberAttribute, account.dn)]);
    await connection.delete(account.dn);
  }

  private async mailServiceMembers(): Promise<string[]> {
    const { connection, dialect } = this.context;
    const group = await connection.read(dialect.layout.mailServicesGroupDn, [dialect.memberAttribute]);
    return group ? values(group, dialect.memberAttribute) : [];
  }

  /** Logins are unique across the whole directory (mailboxes, staff and services): a clear refusal before the add. */
  private async assertLoginFree(name: string): Promise<void> {
    const { connection, dialect } = this.context;
    const filter = new EqualityFilter({ attribute: dialect.conformance.loginAttribute, value: name });
    const holders = await connection.search(dialect.layout.suffix, { scope: 'sub', filter, attributes: ['1.1'], limit: 1 });
    const holder = holders[0];
    if (holder) throw failure({ kind: 'already-exists', target: name, field: 'name', message: `The name "${name}" is already a login in the directory (${holder.dn}); choose another.` });
  }
}
