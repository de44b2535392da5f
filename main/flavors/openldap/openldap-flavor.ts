/** OpenLDAP as a whole: dialect, generated access rules, verifier, accesslog, and the slapd sandbox. */
import type { DirectoryFlavorModule, RunningFlavorSandbox } from '../directory-flavor';
import { AccesslogReader } from './server-log/accesslog-reader';
import { readTenantRuleInputs } from './isolation/apply-isolation';
import { generateIsolationRules, rulesReport } from './isolation/isolation-rules';
import { openLdapDialect } from './openldap-dialect';

// The sandbox (slapd, cn=config) and the verifier are imported when used: every command-line start loads this
// module, and most commands need neither (docs/cli.md, start-up).

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
  verifyIsolation: async (options) => (await import('./verifier/openldap-isolation-verifier')).verifyOpenLdapIsolation(options),
  serverLog: ({ connection, dialect }) => ({ reader: new AccesslogReader(connection, dialect.layout) }),
  pendingPrimaryGroups: async () => ({ flavor: 'openldap', mailboxes: [] }),
  finishPrimaryGroups: async () => ({ finished: [], failed: [], elapsedMs: 0 }),
  sandboxFolder: 'sandbox',
  startSandbox: async (options): Promise<RunningFlavorSandbox> => {
    const [{ startSandbox }, { applySandboxIsolation, sandboxTenantsChanged }] = await Promise.all([import('./sandbox/sandbox'), import('./sandbox/sandbox-isolation')]);
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
