/** Generates the sandbox's cn=config as LDIF, loaded once with `slapadd -n0`. */
import { ldifEntry } from '../../../directory/ldif';
import { enclaveSchemaLdif } from '../schema/enclave-schema';
import { accessLogRules, basePolicyConfiguration } from './base-access-rules';
import { sandboxDns } from './sandbox-dns';
import type { IsolationRuleSet } from '../isolation/isolation-rules';

/** What the generated configuration depends on. */
export interface SlapdConfigParams {
  suffix: string;
  /** Folder of the main database's files. */
  mainDbDir: string;
  /** Folder of the accesslog database's files. */
  accessLogDbDir: string;
  /** Skip fsync on both databases. */
  noSync: boolean;
  /** uid/gid of the process that will run slapd: its ldapi peercred identity manages cn=config. */
  ownerUid: number;
  ownerGid: number;
}

/** System schemas shipped with Debian's slapd, in dependency order. */
export const SYSTEM_SCHEMAS = ['core', 'cosine', 'nis', 'inetorgperson', 'misc'] as const;
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';
const MODULES = ['back_mdb', 'accesslog', 'ppolicy', 'memberof', 'refint', 'unique', 'constraint'];
/** 1 GiB: the default 10 MiB map fills at ~6,000 users; the file is sparse so this costs nothing. */
const DB_MAX_SIZE = String(1024 * 1024 * 1024);
// Like Active Directory, refuse unpaged searches past 1000 entries but let paged ones run to the end.
const SIZE_LIMIT = 'size.soft=1000 size.hard=1000 size.prtotal=unlimited';

/** `{n}value` as cn=config orders multi-valued settings. */
const ordered = (values: readonly string[]): string[] => values.map((value, index) => `{${index}}${value}`);

/** The SASL EXTERNAL identity slapd gives a local process connecting over ldapi. */
export function peercredDn(uid: number, gid: number): string {
  // ldap-literal: uid and gid are numbers from the OS, not input; this is slapd's fixed peercred DN form.
  return `gidNumber=${gid}+uidNumber=${uid},cn=peercred,cn=external,cn=auth`;
}

/** The whole cn=config LDIF: global settings, modules, schemas, databases and overlays. */
export function slapdConfigLdif(params: SlapdConfigParams): string {
  const dns = sandboxDns(params.suffix);
  const policy = basePolicyConfiguration(params.suffix);
  // Without fsync (the sandbox, tests, benchmarks) the map is also written in place: slapd's writes at 180,000 entries
  // spent 72% of their CPU copying pages into the file otherwise (docs/isolation.md). Never for production data.
  const noSync: Record<string, string | string[]> = params.noSync ? { olcDbNoSync: 'TRUE', olcDbEnvFlags: ['writemap', 'nometasync'] } : { olcDbNoSync: 'FALSE' };
  const parts: string[] = [
    ldifEntry('cn=config', {
      objectClass: 'olcGlobal',
      cn: 'config',
      olcPasswordHash: '{SSHA}',
      olcSizeLimit: SIZE_LIMIT,
    }),
    ldifEntry('cn=module{0},cn=config', {
      objectClass: 'olcModuleList',
      cn: 'module{0}',
      olcModulePath: MODULE_DIR,
      olcModuleLoad: ordered(MODULES),
    }),
    ldifEntry('cn=schema,cn=config', { objectClass: 'olcSchemaConfig', cn: 'schema' }),
    ...SYSTEM_SCHEMAS.map((name) => `include: file://${SCHEMA_DIR}/${name}.ldif\n\n`),
    enclaveSchemaLdif(SYSTEM_SCHEMAS.length),
    ldifEntry('olcDatabase={-1}frontend,cn=config', {
      objectClass: ['olcDatabaseConfig', 'olcFrontendConfig'],
      olcDatabase: '{-1}frontend',
      // Appended to every database's rules: the root DSE and schema stay discoverable, as clients expect.
      olcAccess: ordered(['to dn.base="" by * read', 'to dn.base="cn=subschema" by * read']),
      olcSizeLimit: SIZE_LIMIT,
    }),
    ldifEntry('olcDatabase={0}config,cn=config', {
      objectClass: 'olcDatabaseConfig',
      olcDatabase: '{0}config',
      olcAccess: ordered([`to * by dn.exact="${peercredDn(params.ownerUid, params.ownerGid)}" manage by * none`]),
    }),
    // The accesslog database must come before the database whose writes it records.
    ldifEntry('olcDatabase={1}mdb,cn=config', {
      objectClass: ['olcDatabaseConfig', 'olcMdbConfig'],
      olcDatabase: '{1}mdb',
      olcSuffix: 'cn=accesslog',
      olcDbDirectory: params.accessLogDbDir,
      olcDbMaxSize: DB_MAX_SIZE,
      ...noSync,
      olcDbIndex: ['reqStart eq', 'reqDN eq'],
      olcAccess: ordered(accessLogRules(params.suffix)),
    }),
    ldifEntry('olcDatabase={2}mdb,cn=config', {
      objectClass: ['olcDatabaseConfig', 'olcMdbConfig'],
      olcDatabase: '{2}mdb',
      olcSuffix: dns.suffix,
      olcRootDN: dns.rootDn,
      olcDbDirectory: params.mainDbDir,
      olcDbMaxSize: DB_MAX_SIZE,
      ...noSync,
      olcSizeLimit: SIZE_LIMIT,
      olcDbIndex: [
        'objectClass eq',
        'uid eq,sub',
        'mail eq,sub',
        // misc.schema gives mailLocalAddress no SUBSTR rule, so it can only have an equality index.
        'mailLocalAddress eq',
        'cn eq,sub',
        'sn,givenName,displayName eq,sub',
        'member eq',
        'memberOf eq',
        'ou eq',
        'enclaveMailDomain eq',
        'entryUUID eq',
        'enclaveFoldedName eq,sub',
      ],
      olcAccess: ordered(policy.accessRules),
      olcLimits: ordered(policy.limits),
      ...policy.databaseSettings,
    }),
    ...mainDatabaseOverlays(params.suffix, policy),
  ];
  return parts.join('');
}

/** Overlays on the main database, in stacking order. */
function mainDatabaseOverlays(suffix: string, policy: IsolationRuleSet): string[] {
  const dns = sandboxDns(suffix);
  const overlay = (index: number, name: string, objectClass: string, settings: Record<string, string | string[]>) =>
    ldifEntry(`olcOverlay={${index}}${name},olcDatabase={2}mdb,cn=config`, {
      objectClass: ['olcOverlayConfig', objectClass],
      olcOverlay: `{${index}}${name}`,
      ...settings,
    });
  return [
    overlay(0, 'accesslog', 'olcAccessLogConfig', {
      olcAccessLogDB: 'cn=accesslog',
      olcAccessLogOps: 'writes',
      // FALSE logs failed and refused writes too: "who tried what" matters as much as what changed.
      olcAccessLogSuccess: 'FALSE',
      olcAccessLogPurge: '30+00:00 01+00:00',
      // Keep the whole old entry of deleted accounts and groups, so a deletion can be explained (or undone).
      olcAccessLogOld: '(|(objectClass=inetOrgPerson)(objectClass=enclaveGroup)(objectClass=organizationalUnit))',
    }),
    overlay(1, 'ppolicy', 'olcPPolicyConfig', {
      olcPPolicyDefault: dns.defaultPolicy,
      olcPPolicyHashCleartext: 'TRUE',
      olcPPolicyUseLockout: 'TRUE',
    }),
    overlay(2, 'memberof', 'olcMemberOfConfig', {
      olcMemberOfGroupOC: 'enclaveGroup',
      olcMemberOfMemberAD: 'member',
      olcMemberOfMemberOfAD: 'memberOf',
      olcMemberOfRefInt: 'TRUE',
    }),
    // Disabled: on every delete it scans the whole database with an unindexable filter (30-40 ms of CPU per delete at
    // 10,000 tenants, docs/isolation.md). memberof's own clean-up (olcMemberOfRefInt) removes deleted members.
    overlay(3, 'refint', 'olcRefintConfig', { olcRefintAttribute: ['member', 'owner'], olcDisabled: 'TRUE' }),
    overlay(4, 'unique', 'olcUniqueConfig', {
      // unique compares each attribute only with itself (a URI listing mail,mailLocalAddress does not
      // cross-check them). So every address of an entry, the primary included, goes in mailLocalAddress:
      // uniqueness of mailLocalAddress then covers alias-versus-primary clashes, and the constraint below
      // keeps the primary in that list.
      olcUniqueURI: policy.uniqueUris,
    }),
    overlay(5, 'constraint', 'olcConstraintConfig', {
      // The same for any tenants (main/flavors/openldap/isolation/constraint-rules.ts).
      olcConstraintAttribute: policy.constraintRules,
    }),
  ];
}
