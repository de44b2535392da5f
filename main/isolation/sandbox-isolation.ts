/** Tenant isolation for the embedded sandbox: cn=config is reachable over its ldapi socket. */
import { DirectoryConnection } from '../directory/directory-connection';
import type { HostingDialect } from '../hosting/hosting-dialect';
import type { TenantsChangedEvent } from '../hosting/tenant-service';
import { openLdapDialect } from '../hosting/openldap/openldap-dialect';
import type { SandboxConnectionInfo } from '../sandbox/sandbox-types';
import { reapplyIsolation, type RuleAudit } from './apply-isolation';

/** Regenerates and applies the rules for the sandbox's current tenants, as its host admin. */
export async function applySandboxIsolation(info: SandboxConnectionInfo, journal?: RuleAudit['journal']): Promise<void> {
  const connection = new DirectoryConnection({ urls: [info.url], bindDN: info.bindDN, password: info.password, tlsMode: 'none' });
  try {
    await reapplyIsolation({ ldapiUrl: info.ldapiUrl }, connection, openLdapDialect(info.suffix), journal ? { journal, actor: info.bindDN } : undefined);
  } finally {
    await connection.dispose();
  }
}

/** The tenant-change hook of a sandbox session: re-applies the rules after every tenant change. */
export function sandboxTenantsChanged(info: SandboxConnectionInfo, connection: DirectoryConnection, dialect: HostingDialect, journal?: RuleAudit['journal']): (event: TenantsChangedEvent) => Promise<void> {
  return async () => {
    await reapplyIsolation({ ldapiUrl: info.ldapiUrl }, connection, dialect, journal ? { journal, actor: connection.bindDN } : undefined);
  };
}
