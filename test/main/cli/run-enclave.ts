/** Runs `main/cli/enclave.ts` as the user would (its own Node process) and collects its output. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const tsxCli = path.resolve('node_modules/tsx/dist/cli.mjs');
const entry = path.resolve('main/cli/enclave.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One CLI command to completion. */
export function runEnclave(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsxCli, entry, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
