/** Parsing of the command line shared by every `enclave` command. */
import { parseArgs } from 'node:util';

/** Options every command accepts, plus each command's own. */
export const cliOptionSpec = {
  url: { type: 'string', multiple: true },
  'bind-dn': { type: 'string' },
  'password-file': { type: 'string' },
  'tls-mode': { type: 'string' },
  'ca-file': { type: 'string' },
  'tls-server-name': { type: 'string' },
  'base-dn': { type: 'string' },
  profile: { type: 'string' },
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  fresh: { type: 'boolean', default: false },
  tenant: { type: 'string' },
  'page-size': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export type CliValues = ReturnType<typeof parseCli>['values'];

/** Parses argv (without node and script); unknown options are errors, not ignored. */
export function parseCli(argv: string[]) {
  return parseArgs({ args: argv, options: cliOptionSpec, allowPositionals: true, strict: true });
}
