/** `sandbox --flavor ad`: a private Samba AD DC with the demo tenants, until interrupted. */
import path from 'node:path';
import { failure } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model/connection';
import { defaultDataDir } from '../system/data-dir';
import { openDirectorySession, settingsFromProfile } from '../app/directory-session';
import { seedDemo } from '../hosting/demo-seed';
import { startSambaSandbox } from '../flavors/active-directory/sandbox/samba-sandbox';
import type { CliValues } from './cli-options';

/** Runs the AD sandbox; prints {"url","bindDN","password","suffix","caFile","tlsServerName"} once it is seeded. */
export async function activeDirectorySandboxCommand(values: CliValues, out: (text: string) => void): Promise<void> {
  if (values.flavor !== 'ad' && values.flavor !== 'active-directory') {
    throw failure({ kind: 'invalid-input', message: `Unknown sandbox flavor "${values.flavor}": use openldap or ad.`, issues: [{ path: ['flavor'], message: 'openldap or ad' }] });
  }
  const dataDir = path.join(values.data ?? defaultDataDir(), 'sandbox-ad');
  const running = await startSambaSandbox({ dataDir, fresh: values.fresh });
  const { url, bindDN, password, suffix, caFile, caPem, tlsServerName } = running.info;
  try {
    if (running.created) {
      const profile: ConnectionProfile = { id: 'sandbox-ad', name: 'sandbox (AD)', urls: [url], bindDN, tlsMode: 'ldaps', caCertificatePem: caPem, tlsServerName, baseDN: suffix, flavor: 'active-directory' };
      const session = await openDirectorySession(profile, settingsFromProfile(profile, password), true, () => {});
      try {
        await seedDemo(session.services);
      } finally {
        await session.connection.dispose();
      }
    }
  } catch (error) {
    await running.stop();
    throw error;
  }
  out(JSON.stringify({ url, bindDN, password, suffix, caFile, tlsServerName }));
  const stop = () => void running.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.exited;
}
