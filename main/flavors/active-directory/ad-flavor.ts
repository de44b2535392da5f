/** Active Directory as a whole: dialect, tenant DACLs, verifier, Domain Users, and the Samba sandbox. */
import { scanConformance } from '../../policy/conformance/conformance-scan';
import type { DirectoryFlavorModule, RunningFlavorSandbox } from '../directory-flavor';
import { activeDirectoryDialect } from './ad-dialect';
import { adLifecycle } from './ad-lifecycle';
import { activeDirectoryMailDirectory } from './mail/ad-mail-directory';
import { finishPrimaryGroups, pendingPrimaryGroups } from './ad-domain-users';
import { activeDirectoryRulesReport } from './isolation/ad-rules-report';
import { readTenants } from '../../hosting/read-tenants';
import { activeDirectoryServerLogNotice } from './server-log/ad-server-log';
import { readSambaCredentials } from './sandbox/samba-credentials';
import { sambaDomain, sambaPaths } from './sandbox/samba-paths';

// The Samba sandbox and the verifier are imported when used: every command-line start loads this module.

/** supportedCapabilities value that only Active Directory (and Samba AD) announce. */
const activeDirectoryCapability = '1.2.840.113556.1.4.800';

export const activeDirectoryFlavor: DirectoryFlavorModule = {
  flavor: 'active-directory',
  label: 'Active Directory',
  recognizes: (rootDse) => rootDse.supportedCapabilities.includes(activeDirectoryCapability),
  defaultSuffix: (rootDse) => rootDse.defaultNamingContext || rootDse.namingContexts[0] || '',
  dialect: activeDirectoryDialect,
  mailDirectory: activeDirectoryMailDirectory,
  accessRules: async (context) => activeDirectoryRulesReport(context.dialect.layout.suffix, (await readTenants(context)).length),
  // The generic scan reads what the dialect's expectations say each entry must look like.
  scanConformance,
  verifyIsolation: async (options) => (await import('./verifier/ad-isolation-verifier')).verifyAdIsolation(options),
  serverLog: () => ({ notice: activeDirectoryServerLogNotice }),
  lifecycle: adLifecycle,
  pendingPrimaryGroups,
  finishPrimaryGroups,
  sandboxFolder: 'sandbox-ad',
  describeSandbox: async (dataDir) => {
    const credentials = await readSambaCredentials(sambaPaths(dataDir).credentialsFile);
    return credentials && { urls: ['ldaps://127.0.0.1:636'], bindDN: credentials.bindDN, tlsMode: 'ldaps', tlsServerName: sambaDomain.tlsServerName, baseDN: credentials.suffix, flavor: 'active-directory' };
  },
  startSandbox: async (options): Promise<RunningFlavorSandbox> => {
    const { startSambaSandbox } = await import('./sandbox/samba-sandbox');
    const running = await startSambaSandbox({ dataDir: options.dataDir, ...(options.fresh ? { fresh: true } : {}) });
    const { url, bindDN, password, suffix, caFile, caPem, tlsServerName } = running.info;
    return {
      profile: { urls: [url], bindDN, tlsMode: 'ldaps', caCertificatePem: caPem, tlsServerName, baseDN: suffix, flavor: 'active-directory' },
      password,
      created: running.created,
      exited: running.exited,
      summary: { url, bindDN, password, suffix, caFile, tlsServerName },
      // Tenant DACLs are written with each tenant (ad-dialect's afterTenantCreated): nothing to bring up to date.
      prepare: async () => {},
      stop: () => running.stop(),
    };
  },
};
