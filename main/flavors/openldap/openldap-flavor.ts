/** OpenLDAP as a whole: dialect, generated access rules, verifier, accesslog, and the slapd sandbox. */
import { scanConformance } from '../../policy/conformance/conformance-scan';
import type { DirectoryFlavorModule, RunningFlavorSandbox } from '../directory-flavor';
import { AccesslogReader } from './server-log/accesslog-reader';
import { readTenantRuleInputs } from './isolation/apply-isolation';
import { generateIsolationRules, rulesReport } from './isolation/isolation-rules';
import { openLdapDialect } from './openldap-dialect';
import { describeStoppedSandbox, startSandbox } from './sandbox/sandbox';
import { applySandboxIsolation, sandboxTenantsChanged } from './sandbox/sandbox-isolation';
import { verifyOpenLdapIsolation } from './verifier/openldap-isolation-verifier';

export const openLdapFlavor: DirectoryFlavorModule = {
  flavor: 'openldap',
  label: 'OpenLDAP',
  // The generic flavor: any server that is not Active Directory is treated as OpenLDAP (flavors.ts asks AD first).
  recognizes: () => true,
  // OpenLDAP also lists the accesslog database; the hosting tree is never under cn=accesslog.
  defaultSuffix: (rootDse) => rootDse.defaultNamingContext || rootDse.namingContexts.find((context) => !/^cn=accesslog$/i.test(context)) || '',
  dialect: openLdapDialect,
  accessRules: async ({ connection, dialect }) => {
    const tenants = await readTenantRuleInputs(connection, dialect);
    return rulesReport(dialect.layout.suffix, tenants, generateIsolationRules(dialect.layout.suffix, tenants));
  },
  // The generic scan reads what the dialect's expectations say each entry must look like.
  scanConformance,
  verifyIsolation: verifyOpenLdapIsolation,
  // The audit checkpoints are anchors, not changes: the server log leaves their writes out.
  serverLog: ({ connection, dialect }) => ({ reader: new AccesslogReader(connection, dialect.layout, [dialect.layout.auditDn]) }),
  pendingPrimaryGroups: async () => ({ flavor: 'openldap', mailboxes: [] }),
  finishPrimaryGroups: async () => ({ finished: [], failed: [], elapsedMs: 0 }),
  sandboxFolder: 'sandbox',
  describeSandbox: async (dataDir) => {
    const stopped = await describeStoppedSandbox(dataDir);
    return stopped && { urls: [stopped.url], bindDN: stopped.bindDN, tlsMode: 'none', baseDN: stopped.suffix, flavor: 'openldap' };
  },
  startSandbox: async (options): Promise<RunningFlavorSandbox> => {
    const running = await startSandbox({ dataDir: options.dataDir, ...(options.fresh ? { fresh: true } : {}) });
    const { info } = running;
    return {
      profile: { urls: [info.url], bindDN: info.bindDN, tlsMode: 'none', baseDN: info.suffix, flavor: 'openldap' },
      password: info.password,
      created: running.created,
      exited: running.exited,
      summary: { url: info.url, bindDN: info.bindDN, password: info.password, suffix: info.suffix },
      prepare: (journal) => applySandboxIsolation(info, journal),
      sessionOptions: (connection, dialect, journal) => ({ onTenantsChanged: sandboxTenantsChanged(info, connection, dialect, journal) }),
      stop: () => running.stop(),
    };
  },
};
