/**
 * The files of an exit package: written into a folder of their own (created empty, owner-only: the package holds a
 * tenant's whole directory), each hashed as it is written, then a manifest naming every file with its SHA-256 and a
 * SHA256SUMS that `sha256sum -c` checks. A package is verified the same way before a teardown relies on it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { failure } from '../../shared/errors';
import type { ExitPackageFile, TenantExitPackage } from '../../shared/model/tenant-lifecycle';

/** The manifest's file name and format tag. */
export const manifestFile = 'manifest.json';
export const checksumFile = 'SHA256SUMS';
export const manifestFormat = 'enclave-exit-package/1';

export const sha256 = (content: string | Buffer): string => createHash('sha256').update(content).digest('hex');

/** Creates `folder` (and its parents) owner-only; refuses one that exists with anything in it (nothing is overwritten). */
export async function prepareEmptyFolder(folder: string): Promise<void> {
  const existing = await readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
  if (existing !== null && existing.length > 0) {
    throw failure({ kind: 'invalid-input', message: `The folder ${folder} is not empty: an exit package goes into a new or empty folder, so nothing is overwritten.`, issues: [{ path: ['out'], message: 'not empty' }] });
  }
  await mkdir(folder, { recursive: true, mode: 0o700 });
}

/** Writes files below one folder and remembers each one's size and hash. */
export class PackageWriter {
  private readonly written: ExitPackageFile[] = [];

  constructor(readonly folder: string) {}

  /** Writes `content` at `relative` (forward slashes; never outside the folder). */
  async write(relative: string, content: string | Buffer): Promise<void> {
    const target = resolve(this.folder, ...relative.split('/'));
    if (!target.startsWith(resolve(this.folder) + sep)) throw new Error(`Refusing to write outside the package: ${relative}`);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await writeFile(target, bytes, { mode: 0o600, flag: 'wx' });
    this.written.push({ path: posix.normalize(relative), bytes: bytes.length, sha256: sha256(bytes) });
  }

  files(): ExitPackageFile[] {
    return [...this.written].sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Writes the manifest (every file so far) and SHA256SUMS (every file, the manifest included). */
  async seal(summary: Omit<TenantExitPackage, 'files' | 'folder'>): Promise<TenantExitPackage> {
    const files = this.files();
    const manifest = { format: manifestFormat, ...summary, files };
    await this.write(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    await this.write(checksumFile, this.files().map((file) => `${file.sha256}  ${file.path}`).join('\n') + '\n');
    return { ...summary, folder: this.folder, files };
  }
}

/** A package as its manifest describes it, after checking every file's hash; throws naming what does not match. */
export async function verifyPackage(folder: string): Promise<TenantExitPackage> {
  let manifest: TenantExitPackage & { format?: string };
  try {
    manifest = JSON.parse(await readFile(join(folder, manifestFile), 'utf8')) as TenantExitPackage & { format?: string };
  } catch (error) {
    throw failure({ kind: 'invalid-input', message: `${folder} holds no readable exit package manifest (${(error as Error).message}).`, issues: [{ path: ['export'], message: 'no manifest' }] });
  }
  if (manifest.format !== manifestFormat) throw failure({ kind: 'invalid-input', message: `${folder}: not an exit package this console wrote (format ${String(manifest.format)}).`, issues: [{ path: ['export'], message: 'unknown format' }] });
  const problems: string[] = [];
  for (const file of manifest.files) {
    const content = await readFile(join(folder, ...file.path.split('/'))).catch(() => null);
    if (content === null) problems.push(`${file.path} is missing`);
    else if (sha256(content) !== file.sha256) problems.push(`${file.path} was changed since it was written`);
  }
  if (problems.length > 0) {
    throw failure({ kind: 'invalid-input', message: `The exit package in ${folder} is damaged: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` and ${problems.length - 5} more` : ''}. Export the tenant again.`, issues: [{ path: ['export'], message: 'damaged' }] });
  }
  return { ...manifest, folder };
}
