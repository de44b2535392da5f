/**
 * Checks the directory does not do (or does only with a bare "constraint violation"): addresses belong to
 * the tenant's domains, and no address or login is used twice anywhere in the directory.
 */
import { failure, type InputIssue } from '../../shared/errors';
import { domainOf } from '../../shared/model/fields';
import type { Tenant } from '../../shared/model/hosting';
import { sameDn } from '../directory/dn';
import type { HostingContext } from './hosting-context';

/** Refuses addresses outside the tenant's mail domains, naming each offending field. */
export function assertAddressesInTenantDomains(tenant: Tenant, addresses: { path: (string | number)[]; address: string }[]): void {
  const issues: InputIssue[] = addresses
    .filter(({ address }) => !tenant.mailDomains.includes(domainOf(address)))
    .map(({ path, address }) => ({
      path,
      message: `${address} is not in a domain of tenant "${tenant.name}" (${tenant.mailDomains.join(', ') || 'no domains'})`,
    }));
  if (issues.length > 0) {
    throw failure({ kind: 'invalid-input', message: issues.map((i) => i.message).join('; '), issues });
  }
}

/** Refuses the same address twice in one request. */
export function assertNoRepeatedAddresses(addresses: string[]): void {
  const seen = new Set<string>();
  for (const address of addresses) {
    if (seen.has(address)) {
      throw failure({ kind: 'invalid-input', message: `${address} is given twice.`, issues: [{ path: ['aliases'], message: `${address} is given twice` }] });
    }
    seen.add(address);
  }
}

/** Refuses addresses already used by another entry anywhere in the directory (`exceptDn` is the entry being edited). */
export async function assertAddressesFree(context: HostingContext, addresses: string[], exceptDn: string | null): Promise<void> {
  const { connection, dialect } = context;
  for (const address of addresses) {
    const holders = await connection.search(dialect.layout.suffix, { filter: dialect.addressFilter(address), attributes: ['1.1'], limit: 2 });
    const holder = holders.find((entry) => exceptDn === null || !sameDn(entry.dn, exceptDn));
    if (holder) {
      const tenant = context.dialect.layout.tenantOf(holder.dn);
      throw failure({
        kind: 'address-in-use',
        address,
        usedBy: holder.dn,
        message: `The address ${address} is already used${tenant ? ` in tenant "${tenant}"` : ''} (${holder.dn}).`,
      });
    }
  }
}

/** Refuses a login that exists anywhere in the directory (logins are unique directory-wide, as on AD). */
export async function assertLoginFree(context: HostingContext, login: string): Promise<void> {
  const { connection, dialect } = context;
  const holders = await connection.search(dialect.layout.suffix, { filter: dialect.loginFilter(login), attributes: ['1.1'], limit: 1 });
  const holder = holders[0];
  if (holder) {
    const tenant = context.dialect.layout.tenantOf(holder.dn);
    // A mailbox in deleted items keeps its login until it is purged: say so, it explains the refusal.
    const live = dialect.deletedItems ? await connection.search(holder.dn, { scope: 'base', filter: dialect.mailboxFilter(), attributes: ['1.1'] }) : [holder];
    throw failure({
      kind: 'already-exists',
      target: login,
      field: 'login',
      message:
        live.length === 0 && tenant
          ? `The login name "${login}" belongs to a deleted mailbox of tenant "${tenant}", kept until a host admin purges it (or restores it).`
          : `The login name "${login}" is already taken${tenant ? ` in tenant "${tenant}"` : ''}.`,
    });
  }
}
