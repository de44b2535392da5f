/**
 * Provisions a private Active Directory domain with samba-tool into one directory, and rewrites the smb.conf
 * of a copied one. Nothing reads or writes /etc/samba: `-s EMPTY.conf` stops samba-tool copying the system's.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { failure } from '../../../../shared/errors';
import { sambaDomain, sambaPaths } from './samba-paths';

export interface ProvisionOptions {
  sambaTool: string;
  dir: string;
  /** The Administrator password; must meet AD's complexity rules or provisioning fails at once. */
  adminPassword: string;
  /** Skip fsync in the database (tests, benchmarks, the sandbox; never production). */
  noSync: boolean;
}

/** Wipes `dir` and provisions a fresh domain there (5–10 s). */
export async function provisionDomain(options: ProvisionOptions): Promise<void> {
  const paths = sambaPaths(options.dir);
  // Provisioning into a used folder reuses its smb.conf: start from nothing.
  await rm(paths.dir, { recursive: true, force: true });
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await writeFile(paths.emptyConf, '');
  const args = [
    'domain', 'provision',
    '-s', paths.emptyConf,
    `--targetdir=${paths.dir}`,
    `--realm=${sambaDomain.realm}`,
    `--domain=${sambaDomain.netbiosDomain}`,
    `--host-name=${sambaDomain.hostName}`,
    '--server-role=dc',
    '--dns-backend=NONE',
    '--use-rfc2307',
    `--adminpass=${options.adminPassword}`,
    '--backend-store=mdb',
    '--option=interfaces=lo',
    '--option=bind interfaces only=yes',
    '--option=server services=ldap, kdc',
    `--option=log file=${paths.dir}/log.%m`,
    `--option=pid directory=${paths.dir}`,
  ];
  try {
    await promisify(execFile)(options.sambaTool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? String(error);
    throw failure({ kind: 'internal', message: `samba-tool could not provision the domain in ${paths.dir}: ${said}` });
  }
  await addGlobalOptions(paths.smbConf, {
    // Simple binds (the console's) on 389 would otherwise answer "Strong(er) authentication required"; with
    // StartTLS or LDAPS the bind is encrypted anyway, and passwords are only ever sent that way.
    'ldap server require strong auth': 'no',
    ...(options.noSync ? { 'ldb:nosync': 'yes' } : {}),
  });
}

/** Rewrites the smb.conf in `dir` for a DC that will live in `toDir` (was `fromDir`) and listen on `interfaces`. */
export async function relocateDomain(dir: string, fromDir: string, toDir: string, interfaces: string): Promise<void> {
  const { smbConf } = sambaPaths(dir);
  const text = await readFile(smbConf, 'utf8');
  const moved = text
    .split('\n')
    .map((line) => line.replaceAll(sambaPaths(fromDir).dir, sambaPaths(toDir).dir))
    .map((line) => (/^\s*interfaces\s*=/.test(line) ? `\tinterfaces = ${interfaces}` : line))
    .join('\n');
  await writeFile(smbConf, moved);
}

/** Appends options to [global] (provision silently drops some --option values, these among them). */
async function addGlobalOptions(smbConf: string, options: Record<string, string>): Promise<void> {
  const text = await readFile(smbConf, 'utf8');
  const lines = Object.entries(options).map(([name, value]) => `\t${name} = ${value}`);
  await writeFile(smbConf, text.replace(/^\[global\]\s*$/m, (header) => [header, ...lines].join('\n')));
}
