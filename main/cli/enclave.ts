/**
 * Headless entry: `enclave COMMAND [options]` (the bundle out/cli/enclave.mjs, the package's bin) or
 * `npm run enclave -- COMMAND [options]` (these sources under tsx). Results on stdout; errors on stderr with a
 * non-zero exit (cli-exit.ts). Only the tables of commands load here: a command's code, the services, ldapts and
 * zod are imported when that command runs, so `--help` starts as fast as Node does.
 */
import { parseArgs } from 'node:util';
import { callCommands, findCallCommand, type CallCommand } from './call-commands';
import { commandHelp, printHelp } from './command-help';
import { exitStatus, UsageFailure } from './cli-exit';
import { cliOptionSpec, connectionOptionSpec, outputOptionSpec } from './cli-options';
import { guardOutputStreams, outputLine, printError } from './cli-output';
import { findOtherCommand } from './other-commands';
import type { OptionValues } from './call-request';

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string; default?: string | boolean }>;

/** The options of a call command: connection, output, --json-input and its own flags. */
function callOptionSpec(command: CallCommand): OptionSpec {
  const spec: OptionSpec = { ...connectionOptionSpec, ...outputOptionSpec, 'json-input': { type: 'string' } };
  for (const flag of command.flags) spec[flag.name] = flag.kind === 'switch' ? { type: 'boolean' } : flag.kind === 'texts' ? { type: 'string', multiple: true } : { type: 'string' };
  return spec;
}

/** Every option any command knows, to find the command words wherever the options stand. */
function everyOption(): OptionSpec {
  const spec: OptionSpec = { ...cliOptionSpec };
  for (const command of callCommands) Object.assign(spec, callOptionSpec(command));
  return spec;
}

async function main(argv: string[]): Promise<number> {
  guardOutputStreams();
  const words = parseArgs({ args: argv, options: everyOption(), allowPositionals: true, strict: false }).positionals;
  const [first] = words;
  const json = argv.includes('--json');
  try {
    if (first === undefined) {
      // `enclave --help` asks for the list; a bare `enclave` is a mistake that shows it.
      printHelp([], outputLine);
      return argv.includes('--help') || argv.includes('-h') ? exitStatus.ok : exitStatus.usage;
    }
    if (first === 'help') return printHelp(words.slice(1), outputLine);

    const call = findCallCommand(words);
    if (call) {
      const parsed = parseStrict(argv, callOptionSpec(call), call.words);
      if (parsed.values['help'] === true) return printHelp(call.words, outputLine);
      const positionals = parsed.positionals.slice(call.words.length);
      const { runCallCommand } = await import('./call-command-runner');
      return await runCallCommand(call, parsed.values as OptionValues, positionals);
    }

    const other = findOtherCommand(words);
    if (other) {
      const otherWords = other.name.split(' ');
      const parsed = parseStrict(argv, cliOptionSpec, otherWords);
      if (parsed.values.help) return printHelp(otherWords, outputLine);
      const [run, { runInAuditContext }] = await Promise.all([other.load(), import('../audit/audit-context')]);
      const status = await runInAuditContext({ operation: `cli ${other.name}`, tenant: parsed.values.tenant ?? null }, () => run(parsed.values, outputLine, parsed.positionals.slice(otherWords.length)));
      return typeof status === 'number' ? status : exitStatus.ok;
    }

    // A noun without its verb ("enclave tenant"), or a word that is no command.
    const family = commandHelp([first]);
    if (family !== null && (argv.includes('--help') || argv.includes('-h'))) return printHelp([first], outputLine);
    throw new UsageFailure(family !== null ? `"${words.slice(0, 2).join(' ')}" is not a command. ${family}` : `There is no command "${first}". enclave --help lists them.`);
  } catch (error) {
    if (error instanceof UsageFailure) {
      printError(error.error, json);
      return exitStatus.usage;
    }
    if (isParseError(error)) {
      printError({ kind: 'invalid-input', message: `${error.message} See: enclave help ${words.slice(0, 2).join(' ')}`.trim(), issues: [] }, json);
      return exitStatus.usage;
    }
    const { toEnclaveError } = await import('../directory/ldap-errors');
    printError(toEnclaveError(error), json);
    return exitStatus.failed;
  }
}

/** Parses with the command's own options (unknown ones are errors) and checks its words lead the positionals. */
function parseStrict<T extends OptionSpec>(argv: string[], options: T, commandWords: readonly string[]) {
  const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (!commandWords.every((word, index) => parsed.positionals[index] === word)) throw new UsageFailure(`Put the command first: enclave ${commandWords.join(' ')} [options].`);
  return parsed;
}

/** node:util parseArgs's own errors (unknown option, missing value). */
const isParseError = (error: unknown): error is Error => error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS');

// Not a top-level await: the bundle runs this as a CommonJS script (compile-cache.ts).
void main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
