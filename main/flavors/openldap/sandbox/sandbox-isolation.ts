/** The access policy for the embedded sandbox: cn=config is reachable over its ldapi socket. */
import { DirectoryConnection } from '../../../directory/directory-connection';
import type { SandboxConnectionInfo } from './sandbox-types';
import { upgradeEnclaveSchema } from '../schema/schema-upgrade';
import { applyAccessPolicy, type RuleAudit } from '../isolation/apply-isolation';
import { ConfigConnection } from '../config/config-connection';

/** Brings the sandbox's schema and base entries up to date, then applies the access policy, as its host admin. */
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
    await applyAccessPolicy({ ldapiUrl: info.ldapiUrl }, info.suffix, journal ? { journal, actor: info.bindDN } : undefined);
  } finally {
    await connection.dispose();
  }
}
