/** Tenant isolation for the embedded sandbox: cn=config is reachable over its ldapi socket. */
import { DirectoryConnection } from '../../../directory/directory-connection';
import type { HostingDialect } from '../../../hosting/hosting-dialect';
import type { TenantsChangedEvent } from '../../../hosting/tenant-service';
import { openLdapDialect } from '../openldap-dialect';
import type { SandboxConnectionInfo } from './sandbox-types';
import { upgradeEnclaveSchema } from '../schema/schema-upgrade';
import { reapplyIsolation, type RuleAudit } from '../isolation/apply-isolation';
import { ConfigConnection } from '../config/config-connection';

/** Brings the sandbox's schema up to date, then regenerates and applies the rules for its current tenants, as its host admin. */
export async function applySandboxIsolation(info: SandboxConnectionInfo, journal?: RuleAudit['journal']): Promise<void> {
  const connection = new DirectoryConnection({ urls: [info.url], bindDN: info.bindDN, password: info.password, tlsMode: 'none' });
  try {
    const config = await ConfigConnection.open({ ldapiUrl: info.ldapiUrl });
    try {
      // A sandbox made by an older version gets the current schema before the rules that rely on it.
      await upgradeEnclaveSchema(config, connection, info.suffix);
    } finally {
      await config.close();
    }
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
