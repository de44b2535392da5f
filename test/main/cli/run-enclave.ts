/**
 * Runs the CLI as the user would, in its own Node process, and collects its output: `main/cli/enclave.ts` under
 * tsx (`npm run enclave`), or a privately built bundle (the package's bin, scripts/build-cli.mjs).
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

const tsxCli = path.resolve('node_modules/tsx/dist/cli.mjs');
const entry = path.resolve('main/cli/enclave.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Run this bundle (out/cli/enclave.mjs of a private build) instead of the sources under tsx. */
  bundle?: string;
  /** Written to the command's stdin, which is then closed. */
  stdin?: string;
}

/** One CLI command to completion. */
export function runEnclave(args: string[], env: Record<string, string> = {}, options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const command = options.bundle ? [options.bundle, ...args] : [tsxCli, entry, ...args];
    const child = spawn(process.execPath, command, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Builds the CLI bundle into `outDir` (as `npm run build:cli` does into out/cli); returns its entry. */
export function buildCliBundle(outDir: string): string {
  execFileSync(process.execPath, [path.resolve('scripts/build-cli.mjs'), '--outdir', outDir], { stdio: 'pipe' });
  return path.join(outDir, 'enclave.mjs');
}
