/** Runs slapadd, the offline loader, to build cn=config and the base entries before slapd starts. */
import { spawn } from 'node:child_process';
import { failure } from '../../../../shared/errors';

/** Run `slapadd args…`, feeding `ldif` on stdin; throws with slapadd's own output when it fails. */
export function runSlapadd(slapadd: string, args: readonly string[], ldif: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(slapadd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', (error) =>
      reject(failure({ kind: 'internal', message: `Could not run ${slapadd}: ${error.message}` })),
    );
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      const said = Buffer.concat(output).toString('utf8').trim();
      reject(
        failure({
          kind: 'internal',
          message: `slapadd ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${said || 'no output'}`,
        }),
      );
    });
    // A failing slapadd may close stdin early; its exit status is what counts, not the write error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(ldif);
  });
}
