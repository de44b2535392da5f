/** Which processes are still around: read from /proc, so it needs no `ps` and sees full argument lists. */
import { readdir, readFile } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  commandLine: string;
}

/** Every live process whose command line contains `text` (e.g. a test's private data folder). */
export async function processesMentioning(text: string): Promise<ProcessInfo[]> {
  const found: ProcessInfo[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let raw: string;
    try {
      raw = await readFile(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // Exited while we were looking.
    }
    // Zombies have an empty command line: they are gone in every way that matters here.
    const commandLine = raw.split('\0').join(' ').trim();
    if (commandLine !== '' && commandLine.includes(text)) found.push({ pid: Number(entry), commandLine });
  }
  return found;
}

/** True when the process exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
