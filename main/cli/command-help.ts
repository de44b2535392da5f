/** `enclave --help`, `enclave help COMMAND` and `enclave COMMAND --help`, written from the command tables. */
import { callCommands, type CallCommand, type FlagSpec } from './call-commands';
import { exitStatus } from './cli-exit';
import { otherCommands, type OtherCommand } from './other-commands';

const connectionHelp = `Connection (every command that reads or writes the directory):
  --url URL (repeat for fallbacks)  --bind-dn DN  --password-file FILE (or $ENCLAVE_PASSWORD)
  --tls-mode ldaps|starttls|none    --ca-file PEM  --tls-server-name NAME  --base-dn DN
  --profile NAME                    a connection saved in the console (or with connection save)
  --data DIR                        the data folder: saved connections, import jobs, the journal
                                    (default $ENCLAVE_DATA_DIR, else the app's data folder)
  --journal FILE                    the audit journal (default DATA/audit/journal.jsonl)`;

const outputHelp = `Output: a table (lists) or the result as indented JSON (one object); --json prints the call's result as
  one line of JSON, and an error as {"error":{…}} on stderr. Exit status: 0 done, 1 the operation failed
  (refused by the directory or a role check, not found, …), 2 the command line is wrong, 3 the request is
  invalid (nothing was sent; the console's validation messages); import and audit verify: see their help.`;

const pad = (text: string, width: number) => (text.length >= width ? `${text}  ` : text.padEnd(width));

const callUsage = (command: CallCommand): string => {
  const required = (command.required ?? []).map((name) => {
    if (command.positional?.name === name) return name;
    const flag = command.flags.find((f) => f.name === name);
    return flag ? `--${flag.name}${flag.placeholder ? ` ${flag.placeholder}` : ''}` : name;
  });
  const optional = command.flags.some((flag) => !(command.required ?? []).includes(flag.name)) ? ' [options]' : '';
  return [...command.words, ...required].join(' ') + optional;
};

/** The whole list of commands. */
export function globalHelp(): string {
  const sections: [string, CallCommand[]][] = [
    ['Tenants', callCommands.filter((c) => c.words[0]?.startsWith('tenant'))],
    ['Mailboxes', callCommands.filter((c) => c.words[0]?.startsWith('mailbox'))],
    ['Groups and distribution lists', callCommands.filter((c) => c.words[0] === 'group' || c.words[0] === 'groups' || c.words[0] === 'list' || c.words[0] === 'lists')],
    ['Directory', callCommands.filter((c) => c.words[0] === 'search' || c.words[0] === 'whoami' || c.words[0] === 'access-rules' || c.words[0] === 'quota')],
    ['Keys and certificates', callCommands.filter((c) => c.words[0] === 'keys' || c.words[0]?.startsWith('certificate'))],
    ['Saved connections', callCommands.filter((c) => c.words[0] === 'connection')],
    ['Import jobs', callCommands.filter((c) => c.words[0]?.startsWith('import'))],
  ];
  const line = (usage: string, summary: string) => `  ${pad(usage, 34)}${summary}`;
  const lines = ['Usage: enclave COMMAND [options]      (in the repository: npm run -s enclave -- COMMAND [options])', ''];
  for (const [title, commands] of sections) {
    lines.push(`${title}:`);
    for (const command of commands) lines.push(line(command.words.join(' '), command.summary));
  }
  lines.push('More than one call:');
  for (const command of otherCommands) lines.push(line(command.name, command.summary));
  lines.push(
    '',
    'Every command that changes something runs the console\'s own call (shared/ipc/contract.ts) through the console\'s',
    'dispatcher: the same validation, role checks and errors, journaled first (refused when the journal cannot be written).',
    'JSON in: --json-input FILE (or - for stdin) gives the request of a call command; its flags are laid over it.',
    '',
    connectionHelp,
    '',
    outputHelp,
    '',
    'enclave help COMMAND (or COMMAND --help) lists a command\'s flags. docs/cli.md',
  );
  return lines.join('\n');
}

/** The help of the command named by `words`, or null when there is none. */
export function commandHelp(words: readonly string[]): string | null {
  const call = callCommands.find((command) => command.words.length === words.length && command.words.every((word, index) => words[index] === word));
  if (call) return callCommandHelp(call);
  const other = otherCommands.find((command) => command.name === words[0]);
  if (other && words.length === 1) return otherCommandHelp(other);
  // A noun alone: its commands.
  const family = callCommands.filter((command) => command.words.length > 1 && command.words[0] === words[0]);
  if (family.length > 0 && words.length === 1) return [`${words[0]} commands:`, ...family.map((command) => `  enclave ${pad(callUsage(command), 58)}${command.summary}`), '', `enclave help ${words[0]} VERB lists its flags.`].join('\n');
  return null;
}

const flagLine = (flag: FlagSpec, required: boolean): string => {
  const name = `--${flag.name}${flag.placeholder ? ` ${flag.placeholder}` : ''}`;
  const notes = [required ? 'required' : null, flag.kind === 'texts' ? 'repeatable' : null].filter(Boolean).join(', ');
  return `  ${pad(name, 28)}${flag.help}${notes ? ` (${notes})` : ''}  [${flag.field}]`;
};

function callCommandHelp(command: CallCommand): string {
  const required = new Set(command.required ?? []);
  const lines = [`Usage: enclave ${callUsage(command)}`, '', `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`, ''];
  if (command.positional) lines.push(`  ${pad(command.positional.name, 28)}what to look for (required)  [${command.positional.field}]`);
  for (const flag of command.flags) lines.push(flagLine(flag, required.has(flag.name)));
  lines.push(`  ${pad('--json-input FILE', 28)}the request as JSON ("-": stdin); the flags above are laid over it`);
  lines.push(`  ${pad('--json', 28)}the result as one line of JSON`);
  if (command.notes) lines.push('', command.notes);
  const fixed = Object.entries(command.fixed ?? {}).map(([field, value]) => `${field}: ${JSON.stringify(value)}`);
  lines.push('', `Call: ${command.call}${fixed.length ? ` with ${fixed.join(', ')}` : ''} (shared/ipc/contract.ts); [field] is where each flag goes in its request.`);
  if (command.connects) lines.push('', connectionHelp);
  else if (command.builder === 'save-connection' || command.builder === 'test-connection') lines.push('', `Here the connection options describe the connection to ${command.builder === 'save-connection' ? 'save' : 'test'}:`, connectionHelp.split('\n').slice(1).join('\n'));
  else if (command.feature === 'connection') lines.push('', 'Saved connections live in the data folder: --data DIR (default $ENCLAVE_DATA_DIR, else the app\'s data folder).');
  return lines.join('\n');
}

function otherCommandHelp(command: OtherCommand): string {
  const lines = command.usage.map((usage, index) => `${index === 0 ? 'Usage: ' : '       '}enclave ${usage}`);
  lines.push('', `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`);
  if (command.details) lines.push('', command.details);
  if (command.calls.length > 0) lines.push('', `The console's calls it does the work of: ${command.calls.join(', ')} (shared/ipc/contract.ts).`);
  if (!command.offline) lines.push('', connectionHelp);
  lines.push('', '--json: JSON output.');
  return lines.join('\n');
}

/** Prints help for `words` (everything when empty); unknown words are a usage error. */
export function printHelp(words: readonly string[], write: (text: string) => void): number {
  if (words.length === 0) {
    write(globalHelp());
    return exitStatus.ok;
  }
  const text = commandHelp(words);
  if (text === null) {
    process.stderr.write(`enclave: there is no command "${words.join(' ')}". enclave --help lists them.\n`);
    return exitStatus.usage;
  }
  write(text);
  return exitStatus.ok;
}
