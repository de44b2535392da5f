/**
 * `sandbox [--flavor openldap|ad] [--data DIR] [--fresh] [--with-mail]`: a private directory of that flavor with the
 * demo tenants, until interrupted. Prints its connection facts as one JSON line once it accepts binds; with
 * --with-mail also a private Dovecot on it (its IMAP and LMTP ports, its configuration for --doveadm-config).
 */
import path from 'node:path';
import type { ConnectionProfile } from '../../shared/model/connection';
import { openDirectorySession, settingsFromProfile } from '../app/directory-session';
import { flavorNamed } from '../flavors/flavors';
import type { DirectoryFlavorModule, RunningFlavorSandbox } from '../flavors/directory-flavor';
import { startSandboxMail, type SandboxMail } from '../mail/sandbox-mail';
import { seedDemo } from '../hosting/demo-seed';
import { defaultDataDir } from '../system/data-dir';
import type { CliValues } from './cli-options';
import type { Output } from './commands';

export async function sandboxCommand(values: CliValues, out: Output): Promise<void> {
  const flavor = flavorNamed(values.flavor ?? 'openldap');
  const dataDir = values.data ?? defaultDataDir();
  const running = await flavor.startSandbox({ dataDir: path.join(dataDir, flavor.sandboxFolder), fresh: values.fresh });
  let mail: SandboxMail | null = null;
  try {
    if (running.created) {
      const profile: ConnectionProfile = { id: 'sandbox', name: 'sandbox', ...running.profile };
      const session = await openDirectorySession(profile, settingsFromProfile(profile, running.password), true, () => {});
      try {
        await seedDemo(session.services);
      } finally {
        await session.connection.dispose();
      }
    }
    // As the console does: every start brings the server-side setup (schema, access rules) up to date.
    await running.prepare();
    if (values['with-mail']) mail = await startMail(flavor, running, path.join(dataDir, 'sandbox-mail'));
  } catch (error) {
    await running.stop();
    throw error;
  }
  out(JSON.stringify({ ...running.summary, ...(mail?.summary ?? {}) }));
  const stop = () => void (mail?.stop() ?? Promise.resolve()).finally(() => running.stop());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.exited;
}

/** The private Dovecot on the sandbox, set up as a host admin (docs/mail-servers.md, "The sandbox's mail"). */
async function startMail(flavor: DirectoryFlavorModule, running: RunningFlavorSandbox, dataDir: string): Promise<SandboxMail> {
  const profile: ConnectionProfile = { id: 'sandbox', name: 'sandbox', ...running.profile };
  const session = await openDirectorySession(profile, settingsFromProfile(profile, running.password), true, () => {});
  try {
    const caFile = running.summary['caFile'] ?? null;
    return await startSandboxMail({ services: session.services, directory: flavor.mailDirectory(session.info.suffix), urls: profile.urls, startTls: profile.tlsMode === 'starttls', caFile, dataDir });
  } finally {
    await session.connection.dispose();
  }
}
