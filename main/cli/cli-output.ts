/**
 * stdout and stderr for commands whose output may go into a pipe that closes early (`| head`): a closed stdout
 * (EPIPE) stops the output quietly instead of crashing with a stack trace, and long listings stop asking the
 * server for more once nobody reads them.
 */
import type { EnclaveError } from '../../shared/errors';

let stdoutClosed = false;

const ignorable = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/** Installs the handlers once, before any output. */
export function guardOutputStreams(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== undefined && ignorable.has(error.code)) {
      stdoutClosed = true;
      return;
    }
    throw error;
  });
  // Errors on stderr cannot be reported anywhere: nothing to do but go on quietly.
  process.stderr.on('error', () => undefined);
}

/** True once the reader of stdout went away: stop producing output. */
export const outputClosed = (): boolean => stdoutClosed;

/** Writes `text` to stdout unless nobody reads it any more. */
export function writeOut(text: string): void {
  if (!stdoutClosed) process.stdout.write(text);
}

/** One line of output. */
export type Output = (text: string) => void;

/** Writes one line to stdout. */
export const outputLine: Output = (text) => writeOut(`${text}\n`);

/** An error on stderr: the EnclaveError as JSON with --json, else one clear line. */
export function printError(error: EnclaveError, json: boolean): void {
  process.stderr.write(json ? `${JSON.stringify({ error })}\n` : `enclave: ${error.message}\n`);
}
