/**
 * For the benchmarks that drive the console in Chromium: a directory session of their own on the sandbox the
 * console server runs (its URL from the page, its root credentials from the server's data folder), to fill it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openDirectorySession, settingsFromProfile, type DirectorySession } from '../main/app/directory-session';
import type { ConnectionProfile } from '../shared/model/connection';

export async function sandboxSessionOf(page: Page, dataDir: string): Promise<DirectorySession> {
  const sandboxUrl = await page.evaluate(async () => {
    const response = await fetch('/api/call/listConnections', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const body = (await response.json()) as { value: { isSandbox: boolean; urls: string[] }[] };
    return body.value.find((c) => c.isSandbox)?.urls[0] ?? '';
  });
  const credentials = JSON.parse(await readFile(join(dataDir, 'sandbox', 'credentials.json'), 'utf8')) as { suffix: string; bindDN: string; password: string };
  const profile: ConnectionProfile = { id: 'bench', name: 'bench', urls: [sandboxUrl], bindDN: credentials.bindDN, tlsMode: 'none', baseDN: credentials.suffix, flavor: 'openldap' };
  return openDirectorySession(profile, settingsFromProfile(profile, credentials.password), true, () => {});
}
