/**
 * Runs a call command: builds its request, opens the command line's core (cli-core.ts) and dispatches the call
 * exactly as the console would; prints the answer (JSON with --json) or the error, and returns the exit status.
 */
import type { EnclaveError } from '../../shared/errors';
import type { Mailbox, MailboxPage } from '../../shared/model/hosting';
import type { CallCommand } from './call-commands';
import { present } from './call-presenters';
import { buildCallRequest, type JsonObject, type OptionValues } from './call-request';
import { openCliCore, type CliCore } from './cli-core';
import type { CliConnectionValues } from './cli-connection';
import { exitStatus } from './cli-exit';
import { outputClosed, outputLine, printError } from './cli-output';
import { mailboxHeaders, mailboxRow } from './commands';
import { connectionRequest } from './connection-requests';
import { renderTable } from './table';

export async function runCallCommand(command: CallCommand, values: OptionValues, positionals: readonly string[]): Promise<number> {
  let request = await buildCallRequest(command, values, positionals);
  if (command.builder) request = await connectionRequest(command, values, request);
  const json = values['json'] === true;
  const core = await openCliCore(values as CliConnectionValues, { feature: command.feature, connect: command.connects });
  try {
    if (command.presentation === 'mailboxes') return await listEveryPage(core, command, request, json);
    const result = await core.dispatch(command.call, request);
    if (!result.ok) return failed(result.error, json);
    outputLine(json ? JSON.stringify(result.value) : present(command.presentation, result.value, command.done?.(request) ?? ''));
    return exitStatus.ok;
  } finally {
    await core.dispose();
  }
}

/** The status of a refused call: 3 when it was invalid (nothing was sent), 1 for every other failure. */
function failed(error: EnclaveError, json: boolean): number {
  printError(error, json);
  return error.kind === 'invalid-input' ? exitStatus.invalid : exitStatus.failed;
}

/**
 * Follows the call's cursor to the last page, printing each page as it comes (one JSON array with --json), so a
 * tenant of any size streams; stops asking for pages once stdout's reader went away (`| head`).
 */
async function listEveryPage(core: CliCore, command: CallCommand, request: JsonObject, json: boolean): Promise<number> {
  const rows: string[][] = [];
  let cursor: string | null = null;
  let first = true;
  do {
    const result = await core.dispatch(command.call, cursor === null ? request : { ...request, cursor });
    if (!result.ok) return failed(result.error, json);
    const page = result.value as MailboxPage;
    // The array opens once the first page came back, so a refused listing prints no half JSON.
    if (json && cursor === null) outputLine('[');
    for (const mailbox of page.items as Mailbox[]) {
      if (json) {
        outputLine(`${first ? '' : ','}${JSON.stringify(mailbox)}`);
        first = false;
      } else {
        rows.push(mailboxRow(mailbox));
      }
    }
    cursor = page.nextCursor;
    if (json && cursor === null) outputLine(']');
  } while (cursor !== null && !outputClosed());
  if (!json) outputLine(renderTable(mailboxHeaders, rows));
  return exitStatus.ok;
}
