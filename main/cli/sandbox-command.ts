/**
 * `sandbox [--flavor openldap|ad] [--data DIR] [--fresh]`: a private directory of that flavor with the demo
 * tenants, until interrupted. Prints its connection facts as one JSON line once it accepts binds.
 */
import path from 'node:path';
import type { ConnectionProfile } from '../../shared/model/connection';
import { openDirectorySession, settingsFromProfile } from '../app/directory-session';
import { flavorNamed } from '../flavors/flavors';
import { seedDemo } from '../hosting/demo-seed';
import { defaultDataDir } from '../system/data-dir';
import type { CliValues } from './cli-options';
import type { Output } from './commands';

export async function sandboxCommand(values: CliValues, out: Output): Promise<void> {
  const flavor = flavorNamed(values.flavor ?? 'openldap');
  const running = await flavor.startSandbox({ dataDir: path.join(values.data ?? defaultDataDir(), flavor.sandboxFolder), fresh: values.fresh });
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
  } catch (error) {
    await running.stop();
    throw error;
  }
  out(JSON.stringify(running.summary));
  const stop = () => void running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.exited;
}
