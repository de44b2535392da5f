/** A Samba DC's generated credentials, kept in enclave-credentials.json (0600) and written last. */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const schema = z.object({
  suffix: z.string().min(1),
  administratorPassword: z.string().min(1),
  bindDN: z.string().min(1),
  password: z.string().min(1),
  helpdeskDN: z.string().min(1),
  helpdeskPassword: z.string().min(1),
});

/** The contents of enclave-credentials.json. */
export type SambaCredentials = z.infer<typeof schema>;

/** Writes the credentials readable by the owner only. */
export async function writeSambaCredentials(file: string, credentials: SambaCredentials): Promise<void> {
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** The credentials, or null when absent or unreadable (an unfinished provisioning: rebuild it). */
export async function readSambaCredentials(file: string): Promise<SambaCredentials | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
