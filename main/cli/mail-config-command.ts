/**
 * `mail-config --server dovecot|postfix --out DIR --service-account NAME --service-password-file FILE`: writes a
 * working configuration for this directory (docs/mail-servers.md). It connects with the connection options to learn
 * the flavor and suffix and to check that the service account is a mail service, then binds as the service account
 * to check its password, and only then writes (each file atomically, secrets 0600, Postfix tables 0640 root:postfix).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { failure } from '../../shared/errors';
import { serviceAccountNameField, type ServiceAccount } from '../../shared/model/service-accounts';
import { cliProfile } from './cli-connection';
import { openDirectorySession, settingsFromProfile } from '../app/directory-session';
import type { ConnectionSettings } from '../directory/connection-settings';
import { usageFailure } from './cli-exit';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { DirectoryConnection } from '../directory/directory-connection';
import { generateDovecotConfig } from '../mail/dovecot-config';
import { generatePostfixConfig } from '../mail/postfix-config';
import { mailServers, type DirectoryAccess, type MailServer } from '../mail/mail-config-options';
import { writeMailConfig } from '../mail/mail-config-writer';

const port = (value: string | undefined, fallback: number, option: string): number => {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw usageFailure(`--${option}: a port from 1 to 65535 (got "${value}").`);
  return number;
};

const absolute = (value: string) => path.resolve(value);

async function readSecret(option: string, file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw usageFailure(`--${option}: cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function mailConfigCommand(values: CliValues, out: Output): Promise<number> {
  const server = values.server as MailServer | undefined;
  if (server === undefined || !mailServers.includes(server)) throw usageFailure(`mail-config needs --server ${mailServers.join('|')}.`, [{ path: ['server'], message: 'dovecot or postfix' }]);
  if (!values.out) throw usageFailure('mail-config needs --out DIR (the folder to write the files to).', [{ path: ['out'], message: 'required' }]);
  if (!values['service-account']) throw usageFailure('mail-config needs --service-account NAME (made with enclave service-account create).', [{ path: ['service-account'], message: 'required' }]);
  if (!values['service-password-file']) throw usageFailure('mail-config needs --service-password-file FILE (the file service-account create --password-out wrote).', [{ path: ['service-password-file'], message: 'required' }]);
  const name = serviceAccountNameField.safeParse(values['service-account']);
  if (!name.success) throw usageFailure(`--service-account: ${name.error.issues[0]?.message ?? 'invalid'}`);
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw usageFailure('--tls-cert and --tls-key go together.');
  const servicePassword = await readSecret('service-password-file', values['service-password-file']);
  const configDir = absolute(values.out);
  const runDir = values['run-dir'] ? absolute(values['run-dir']) : null;

  const { profile, password } = await cliProfile(values);
  const settings = settingsFromProfile(profile, password);
  // Read-only: nothing here writes to the directory, so nothing is journaled.
  const session = await openDirectorySession(profile, settings, false, () => {});
  let access: DirectoryAccess;
  let files;
  try {
    const suffix = session.info.suffix;
    const directory = session.flavor.mailDirectory(suffix);
    const account = (await session.services.serviceAccounts.list()).find((candidate: ServiceAccount) => candidate.name === name.data);
    if (!account) throw failure({ kind: 'not-found', target: name.data, message: `There is no service account named "${name.data}": create it with enclave service-account create --name ${name.data}.` });
    if (!account.mailService) throw failure({ kind: 'invalid-input', message: `The service account "${name.data}" is not in the mail-services group, so it reads nothing: remove it and create it again.`, issues: [{ path: ['service-account'], message: 'not a mail service' }] });
    const urls = values['ldap-url']?.length ? values['ldap-url'] : settings.urls;
    access = {
      urls,
      serviceDn: account.dn,
      servicePassword,
      startTls: settings.tlsMode === 'starttls',
      caFile: values['ldap-ca-file'] ? absolute(values['ldap-ca-file']) : null,
    };
    await checkServiceBind(settings, account.dn, servicePassword);
    files =
      server === 'dovecot'
        ? generateDovecotConfig(directory, access, {
            configDir,
            mailRoot: absolute(values['mail-root'] ?? '/var/vmail'),
            vmailUser: values['vmail-user'] ?? 'vmail',
            vmailGroup: values['vmail-group'] ?? values['vmail-user'] ?? 'vmail',
            listen: values.listen ?? '*',
            imapPort: port(values['imap-port'], 143, 'imap-port'),
            pop3: values.pop3 === true,
            pop3Port: port(values['pop3-port'], 110, 'pop3-port'),
            lmtpPort: port(values['lmtp-port'], 24, 'lmtp-port'),
            authFailureDelay: values['auth-failure-delay'] ?? '2 secs',
            tls: values['tls-cert'] && values['tls-key'] ? { certFile: absolute(values['tls-cert']), keyFile: absolute(values['tls-key']) } : null,
            stateDir: absolute(values['state-dir'] ?? (runDir ? path.join(runDir, 'state') : '/var/lib/dovecot/enclave')),
            private: runDir ? { instanceName: `enclave-${path.basename(runDir)}`, baseDir: path.join(runDir, 'base'), logFile: path.join(runDir, 'dovecot.log') } : null,
            doveadmHttp: values['doveadm-port']
              ? { address: values['doveadm-address'] ?? '127.0.0.1', port: port(values['doveadm-port'], 8080, 'doveadm-port'), apiKey: await readSecret('doveadm-api-key-file', values['doveadm-api-key-file'] ?? missing('--doveadm-port needs --doveadm-api-key-file FILE.')) }
              : null,
          })
        : generatePostfixConfig(directory, access, { configDir, lmtpHost: values['lmtp-host'] ?? '127.0.0.1', lmtpPort: port(values['lmtp-port'], 24, 'lmtp-port') });
  } finally {
    await session.connection.dispose();
  }
  const written = await writeMailConfig(configDir, files);
  if (values.json) {
    out(JSON.stringify({ server, directory: configDir, files: written.files, warnings: written.warnings }));
  } else {
    out([`Wrote the ${server === 'dovecot' ? 'Dovecot' : 'Postfix'} configuration for ${access.serviceDn}:`, ...written.files.map((f) => `  ${f.path} (${f.mode.toString(8).padStart(4, '0')}${f.group ? ` root:${f.group}` : ''})`), ...nextSteps(server, configDir), ...written.warnings.map((w) => `Warning: ${w}`)].join('\n'));
  }
  if (server === 'dovecot' && !values['tls-cert'] && (values.listen ?? '*') !== '127.0.0.1') process.stderr.write('enclave: warning: no --tls-cert/--tls-key: Dovecot will take plaintext passwords from every client it listens to.\n');
  return 0;
}

function missing(message: string): never {
  throw usageFailure(message);
}

function nextSteps(server: MailServer, dir: string): string[] {
  return server === 'dovecot'
    ? ['Next: test it privately (dovecot -F -c ' + path.join(dir, 'dovecot.conf') + ') or point the system Dovecot at it; docs/mail-servers.md.']
    : [`Next: merge ${path.join(dir, 'main.cf.enclave')} into main.cf, then: postmap -q someone@example.org proxy:ldap:${path.join(dir, 'virtual-mailboxes.cf')}`];
}

/** Binds once as the service account on the session's own servers: a wrong password is refused before any file exists. */
async function checkServiceBind(settings: ConnectionSettings, dn: string, password: string): Promise<void> {
  const probe = new DirectoryConnection({ ...settings, bindDN: dn, password });
  try {
    await probe.open();
  } catch (error) {
    const kind = (error as { error?: { kind?: string } }).error?.kind;
    if (kind === 'invalid-credentials') throw failure({ kind: 'invalid-input', message: `The password in --service-password-file does not bind as ${dn}.`, issues: [{ path: ['service-password-file'], message: 'wrong password' }] });
    throw error;
  } finally {
    await probe.dispose();
  }
}
