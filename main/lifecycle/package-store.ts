/**
 * Where exit packages go when no folder is named (the console; the command line without --out): one folder per
 * export below `<data>/tenant-exits`, named after the tenant and the time. The latest package of a tenant is the
 * one a teardown relies on unless another is named.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TenantExitPackage } from '../../shared/model/tenant-lifecycle';
import { sameDn } from '../directory/dn';
import { manifestFile } from './package-files';

/** The folders below the app's data folder. */
export const exitPackageRoot = (dataDir: string): string => join(dataDir, 'tenant-exits');
export const teardownRoot = (dataDir: string): string => join(dataDir, 'tenant-teardowns');

/** A new package folder for `tenant` below `root`. */
export function newPackageFolder(root: string, tenant: string, now = new Date()): string {
  const safe = tenant.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/, '') || 'tenant';
  return join(root, `${safe}-${now.toISOString().replace(/[:.]/g, '-')}`);
}

/** The newest package below `root` whose manifest names `tenantDn` (not yet verified), or null. */
export async function latestPackage(root: string, tenantDn: string): Promise<TenantExitPackage | null> {
  const folders = await readdir(root).catch(() => [] as string[]);
  let latest: TenantExitPackage | null = null;
  for (const name of folders) {
    const folder = join(root, name);
    const manifest = await readFile(join(folder, manifestFile), 'utf8').then((text) => JSON.parse(text) as TenantExitPackage, () => null);
    if (manifest === null || typeof manifest.tenantDn !== 'string' || !sameDn(manifest.tenantDn, tenantDn)) continue;
    if (latest === null || manifest.createdAt > latest.createdAt) latest = { ...manifest, folder };
  }
  return latest;
}
