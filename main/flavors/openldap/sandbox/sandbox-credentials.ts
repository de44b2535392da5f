/** The sandbox's generated credentials, kept in `credentials.json` (mode 0600) so a restart reuses them. */
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { z } from 'zod';
import { failure } from '../../../../shared/errors';

const credentialsSchema = z.object({
  suffix: z.string().min(1),
  bindDN: z.string().min(1),
  password: z.string().min(1),
  helpdeskDN: z.string().min(1),
  helpdeskPassword: z.string().min(1),
  /** The loopback port of the last start: reused when free, so connections saved against the sandbox keep working. */
  port: z.number().int().min(1).max(65535).optional(),
});

/** The contents of credentials.json. */
export type SandboxCredentials = z.infer<typeof credentialsSchema>;

/** Write the credentials readable by the owner only. */
export async function writeSandboxCredentials(file: string, credentials: SandboxCredentials): Promise<void> {
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode only applies when it creates the file.
  await chmod(file, 0o600);
}

/** Read the credentials, or null when the file does not exist; a damaged file is an error, not a reset. */
export async function readSandboxCredentials(file: string): Promise<SandboxCredentials | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = credentialsSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    throw failure({
      kind: 'internal',
      message: `The sandbox credentials file ${file} is damaged; start the sandbox with fresh to recreate it.`,
    });
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
