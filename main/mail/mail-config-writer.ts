/**
 * Writes generated configuration files: each one to a temporary file in the same folder with its final mode, given
 * to its group, then renamed over the old one, so a mail server never reads a half-written or too-open file. Files
 * the generator does not name are left alone.
 */
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MailConfigFile } from './mail-config-options';

/** What was written, and what could not be done as asked (a group that does not exist, not running as root). */
export interface WrittenConfig {
  files: { path: string; mode: number; group: string | null }[];
  warnings: string[];
}

/** The numeric id of a group from /etc/group, or null when there is none. */
async function groupId(name: string): Promise<number | null> {
  const lines = (await readFile('/etc/group', 'utf8').catch(() => '')).split('\n');
  const line = lines.find((candidate) => candidate.split(':')[0] === name);
  const gid = line === undefined ? NaN : Number(line.split(':')[2]);
  return Number.isInteger(gid) ? gid : null;
}

export async function writeMailConfig(folder: string, files: readonly MailConfigFile[]): Promise<WrittenConfig> {
  await mkdir(folder, { recursive: true, mode: 0o755 });
  const written: WrittenConfig = { files: [], warnings: [] };
  const isRoot = process.getuid?.() === 0;
  for (const file of files) {
    const target = path.join(folder, file.name);
    const temporary = path.join(folder, `.${file.name}.${randomBytes(6).toString('hex')}.tmp`);
    // Created with its final mode, so the secret is never readable by others, not even for a moment.
    const handle = await open(temporary, 'wx', file.mode);
    try {
      await handle.writeFile(file.content, 'utf8');
      await handle.sync();
      await handle.close();
      await chmod(temporary, file.mode);
      let group = null;
      if (file.group !== null) {
        const gid = await groupId(file.group);
        if (gid === null) written.warnings.push(`${target}: there is no group "${file.group}" on this machine (is it installed?); give the file to it before use: chgrp ${file.group} ${target}`);
        else if (!isRoot) written.warnings.push(`${target}: not running as root, so the file stays in your group; give it to ${file.group}: chgrp ${file.group} ${target}`);
        else {
          await chown(temporary, 0, gid);
          group = file.group;
        }
      }
      await rename(temporary, target);
      written.files.push({ path: target, mode: file.mode, group });
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
  }
  return written;
}
