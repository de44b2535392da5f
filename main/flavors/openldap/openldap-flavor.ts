/** OpenLDAP as a whole: dialect, generated access rules, verifier, accesslog, and the slapd sandbox. */
import { scanConformance } from '../../policy/conformance/conformance-scan';
import type { DirectoryFlavorModule, RunningFlavorSandbox } from '../directory-flavor';
import { AccesslogReader } from './server-log/accesslog-reader';
import { readTenants } from '../../hosting/read-tenants';
import { generateIsolationRules, rulesReport } from './isolation/isolation-rules';
import { openLdapDialect } from './openldap-dialect';
import { openLdapLifecycle } from './openldap-lifecycle';
import { openLdapMailDirectory } from './mail/openldap-mail-directory';

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
  mailDirectory: openLdapMailDirectory,
  // The same rules for any tenants: the review shows them with the tenant count only for context.
  accessRules: async (context) => rulesReport(context.dialect.layout.suffix, (await readTenants(context)).length, generateIsolationRules(context.dialect.layout.suffix)),
  // The generic scan reads what the dialect's expectations say each entry must look like.
  scanConformance,
  verifyIsolation: async (options) => (await import('./verifier/openldap-isolation-verifier')).verifyOpenLdapIsolation(options),
  // The audit checkpoints are anchors, not changes: the server log leaves their writes out.
  serverLog: ({ connection, dialect }) => ({ reader: new AccesslogReader(connection, dialect.layout, [dialect.layout.auditDn]) }),
  lifecycle: openLdapLifecycle,
  pendingPrimaryGroups: async () => ({ flavor: 'openldap', mailboxes: [] }),
  finishPrimaryGroups: async () => ({ finished: [], failed: [], elapsedMs: 0 }),
  sandboxFolder: 'sandbox',
  describeSandbox: async (dataDir) => {
    const stopped = await (await import('./sandbox/sandbox')).describeStoppedSandbox(dataDir);
    return stopped && { urls: [stopped.url], bindDN: stopped.bindDN, tlsMode: 'none', baseDN: stopped.suffix, flavor: 'openldap' };
  },
  startSandbox: async (options): Promise<RunningFlavorSandbox> => {
    const [{ startSandbox }, { applySandboxIsolation }] = await Promise.all([import('./sandbox/sandbox'), import('./sandbox/sandbox-isolation')]);
    const running = await startSandbox({ dataDir: options.dataDir, ...(options.fresh ? { fresh: true } : {}) });
    const { info } = running;
    return {
      profile: { urls: [info.url], bindDN: info.bindDN, tlsMode: 'none', baseDN: info.suffix, flavor: 'openldap' },
      password: info.password,
      created: running.created,
      exited: running.exited,
      summary: { url: info.url, bindDN: info.bindDN, password: info.password, suffix: info.suffix },
      prepare: (journal) => applySandboxIsolation(info, journal),
      stop: () => running.stop(),
    };
  },
};
