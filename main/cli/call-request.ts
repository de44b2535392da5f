/**
 * The request a call command sends: the JSON of --json-input (a file, or "-" for stdin) with the command's flags
 * laid over it and its fixed fields last. Only turns text into values (sizes, numbers, files): judging the
 * values is the dispatcher's, with the contract's schemas, exactly as for the console.
 */
import { readFile } from 'node:fs/promises';
import type { CallCommand, FlagSpec } from './call-commands';
import { usageFailure } from './cli-exit';

/** The parsed option values of a call command (strings, booleans, repeated strings). */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type JsonObject = Record<string, unknown>;

/** Reads a file, or stdin for "-". */
export type TextReader = (file: string) => Promise<string>;

export const readTextOrStdin: TextReader = async (file) => (file === '-' ? readStdin() : readFile(file, 'utf8'));

async function readStdin(): Promise<string> {
  return (await readStdinBytes()).toString('utf8');
}

/** Builds the request object of `command` from --json-input, the flags, the positional word and the fixed fields. */
export async function buildCallRequest(command: CallCommand, values: OptionValues, positionals: readonly string[], read: TextReader = readTextOrStdin): Promise<JsonObject> {
  const stdinUsers = [values['json-input'] === '-' ? '--json-input' : null, ...command.flags.filter((f) => (f.kind === 'secret-file' || f.kind === 'file-base64') && values[f.name] === '-').map((f) => `--${f.name}`)].filter((x) => x !== null);
  if (stdinUsers.length > 1) throw usageFailure(`Only one of ${stdinUsers.join(' and ')} can read stdin ("-").`);

  const request: JsonObject = { ...command.defaults, ...(typeof values['json-input'] === 'string' ? await jsonInput(values['json-input'], read) : {}) };
  for (const flag of command.flags) {
    const value = await flagValue(flag, values, read);
    if (value !== undefined) setPath(request, flag.field, value);
  }
  if (command.positional) {
    const word = positionals[0];
    if (word !== undefined) setPath(request, command.positional.field, word);
    if (positionals.length > 1) throw usageFailure(`${command.words.join(' ')} takes one ${command.positional.name}; quote it if it holds spaces.`);
  } else if (positionals.length > 0) {
    throw usageFailure(`${command.words.join(' ')} takes no word "${positionals[0] ?? ''}": give values with --flags (see enclave help ${command.words.join(' ')}).`);
  }
  for (const [field, value] of Object.entries(command.fixed ?? {})) setPath(request, field, value);
  assertRequired(command, request);
  return request;
}

async function jsonInput(file: string, read: TextReader): Promise<JsonObject> {
  let text: string;
  try {
    text = await read(file);
  } catch (error) {
    throw usageFailure(`--json-input: cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageFailure(`--json-input: ${file === '-' ? 'stdin' : file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw usageFailure('--json-input: the request must be one JSON object ({…}).');
  return parsed as JsonObject;
}

/** The request value of one flag, or undefined when it was not given (and its environment variable is not set). */
async function flagValue(flag: FlagSpec, values: OptionValues, read: TextReader): Promise<unknown> {
  const given = values[flag.name];
  switch (flag.kind) {
    case 'switch':
      return given === true ? (flag.value ?? true) : undefined;
    case 'texts':
      return Array.isArray(given) ? given.filter((item) => item !== '') : undefined;
    case 'secret-file': {
      if (typeof given === 'string') {
        try {
          return (await read(given)).replace(/\r?\n$/, '');
        } catch (error) {
          throw usageFailure(`--${flag.name}: cannot read ${given}: ${(error as Error).message}`);
        }
      }
      return flag.env ? process.env[flag.env] : undefined;
    }
    case 'file-base64': {
      if (typeof given !== 'string') return undefined;
      try {
        return (given === '-' ? await readStdinBytes() : await readFile(given)).toString('base64');
      } catch (error) {
        throw usageFailure(`--${flag.name}: cannot read ${given}: ${(error as Error).message}`);
      }
    }
    default:
      return typeof given === 'string' ? convert(flag, given) : undefined;
  }
}

async function readStdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function convert(flag: FlagSpec, text: string): unknown {
  const none = /^(none|unlimited)$/i.test(text.trim());
  switch (flag.kind) {
    case 'text-or-none':
      return none ? null : text;
    case 'size':
      return none ? null : parseSize(flag, text);
    case 'count':
      return none ? null : parseWhole(flag, text);
    case 'int':
      return parseWhole(flag, text);
    default:
      return text;
  }
}

// Mail servers (Dovecot, Exchange) count quotas in powers of 1024 whatever the spelling, as the import does.
const unitFactors: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 };

/** Bytes from "2GiB", "500 MiB", "1.5T" or "1073741824"; the schema judges the number itself (0, too large). */
export function parseSize(flag: Pick<FlagSpec, 'name'>, text: string): number {
  const match = /^(\d+(?:[.,]\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match ? unitFactors[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) throw usageFailure(`--${flag.name}: "${text}" is not a size: give bytes or a number with KiB, MiB, GiB or TiB (e.g. 2GiB, 500MiB), or "unlimited".`);
  return Math.round(Number((match[1] ?? '').replace(',', '.')) * factor);
}

function parseWhole(flag: FlagSpec, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw usageFailure(`--${flag.name}: "${text}" is not a whole number.`);
  return Number(text.trim());
}

/** Sets `object.a.b` for the path "a.b", creating the objects on the way. */
export function setPath(object: JsonObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = object;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) target[key] = {};
    target = target[key] as JsonObject;
  }
  target[keys[keys.length - 1] ?? ''] = value;
}

function hasPath(object: JsonObject, path: string): boolean {
  let target: unknown = object;
  for (const key of path.split('.')) {
    if (typeof target !== 'object' || target === null || !(key in target)) return false;
    target = (target as JsonObject)[key];
  }
  return target !== undefined;
}

/** Every required flag given (or its field present in --json-input), else a usage error naming what is missing. */
function assertRequired(command: CallCommand, request: JsonObject): void {
  const missing = (command.required ?? []).flatMap((name) => {
    if (command.positional?.name === name) return hasPath(request, command.positional.field) ? [] : [{ shown: name, field: command.positional.field }];
    const flag = command.flags.find((f) => f.name === name);
    if (!flag || hasPath(request, flag.field)) return [];
    return [{ shown: flag.env ? `--${name} (or $${flag.env})` : `--${name}`, field: flag.field }];
  });
  if (missing.length === 0) return;
  const words = command.words.join(' ');
  throw usageFailure(
    `${words} needs ${missing.map((m) => m.shown).join(', ')} (or ${missing.map((m) => `"${m.field}"`).join(', ')} in --json-input). See: enclave help ${words}`,
    missing.map((m) => ({ path: m.field.split('.'), message: 'required' })),
  );
}
