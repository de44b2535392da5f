/**
 * The sandbox's mail host (`enclave sandbox --with-mail`, the console with ENCLAVE_SANDBOX_MAIL=1): a service
 * account for it, the private Dovecot of private-dovecot.ts on that account, and on first start some demo mail for
 * the demo mailboxes, so a newcomer sees real usage in the quota view. Its password is kept (0600) in its own
 * folder: this is a sandbox; a real mail host gets its password once, from service-account create.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MailUsageConfig } from '../../shared/model/connection';
import type { HostingServices } from '../hosting/hosting-services';
import { deliverLmtp, textMessage } from './lmtp-client';
import type { MailDirectory } from './mail-directory';
import { startPrivateDovecot, type RunningDovecot } from './private-dovecot';

/** The sandbox mail host's account. */
export const sandboxMailAccount = 'sandbox-mail';

export interface SandboxMail {
  readonly dovecot: RunningDovecot;
  /** The usage source the sandbox's connection gets. */
  readonly usage: MailUsageConfig;
  /** What `enclave sandbox --with-mail` prints. */
  readonly summary: { imapPort: string; lmtpPort: string; dovecotConfig: string; mailServiceAccount: string };
  /** Demo messages delivered by this start (0 after the first). */
  readonly delivered: number;
  stop(): Promise<void>;
}

export interface SandboxMailOptions {
  /** A host admin's services on the sandbox. */
  services: HostingServices;
  directory: MailDirectory;
  /** How Dovecot reaches the sandbox directory. */
  urls: readonly string[];
  startTls?: boolean;
  /** The directory's CA certificate file, for a TLS connection. */
  caFile?: string | null;
  /** Its own folder (the account's password, Dovecot's files and mail). */
  dataDir: string;
}

export async function startSandboxMail(options: SandboxMailOptions): Promise<SandboxMail> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  const password = await serviceAccountPassword(options);
  const account = await options.services.serviceAccounts.get(sandboxMailAccount);
  const dovecot = await startPrivateDovecot({
    directory: options.directory,
    access: { urls: options.urls, serviceDn: account.dn, servicePassword: password, startTls: options.startTls ?? false, caFile: options.caFile ?? null },
    dataDir: path.join(options.dataDir, 'dovecot'),
  });
  let delivered = 0;
  try {
    const seeded = path.join(options.dataDir, 'demo-mail-delivered');
    if (!(await readFile(seeded, 'utf8').then(() => true, () => false))) {
      delivered = await deliverDemoMail(options.services, dovecot.lmtpPort);
      await writeFile(seeded, `${new Date().toISOString()} ${delivered} messages\n`);
    }
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
  return {
    dovecot,
    usage: { kind: 'doveadm', configFile: dovecot.configFile },
    summary: { imapPort: String(dovecot.imapPort), lmtpPort: String(dovecot.lmtpPort), dovecotConfig: dovecot.configFile, mailServiceAccount: account.dn },
    delivered,
    stop: () => dovecot.stop(),
  };
}

/** The kept password of the sandbox's account, or a new account (and password) when either is missing. */
async function serviceAccountPassword({ services, dataDir }: SandboxMailOptions): Promise<string> {
  const file = path.join(dataDir, 'service-account.pw');
  const kept = await readFile(file, 'utf8').catch(() => null);
  const exists = (await services.serviceAccounts.list()).some((account) => account.name === sandboxMailAccount);
  if (kept !== null && exists) return kept;
  if (exists) await services.serviceAccounts.delete(sandboxMailAccount);
  const created = await services.serviceAccounts.create(sandboxMailAccount, 'The sandbox’s private Dovecot');
  await writeFile(file, created.password, { mode: 0o600 });
  return created.password;
}

/**
 * A few messages for every demo mailbox, of sizes that differ from mailbox to mailbox (the same every time: a fixed
 * sequence, no randomness), so the charts have something to show. Disabled mailboxes refuse them (550): skipped.
 */
async function deliverDemoMail(services: HostingServices, lmtpPort: number): Promise<number> {
  let delivered = 0;
  let n = 0;
  for (const tenant of await services.tenants.list()) {
    let cursor: string | undefined;
    do {
      const page = await services.mailboxes.list(tenant.name, 500, cursor);
      for (const mailbox of page.items) {
        n += 1;
        const messages = 1 + (n % 4);
        for (let i = 0; i < messages; i++) {
          const bytes = 4_000 + ((n * 7_919 + i * 104_729) % 300_000);
          const result = await deliverLmtp('127.0.0.1', lmtpPort, { from: 'demo@example.org', to: [mailbox.primaryAddress], content: textMessage('demo@example.org', mailbox.primaryAddress, `Demo message ${i + 1}`, bytes) });
          if (result.delivered[0]?.reply.code === 250) delivered += 1;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
  return delivered;
}
