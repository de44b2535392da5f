/** Command-line options of `serve-console`: `--data DIR`, `--port N`, `--static DIR`. */

/** Parsed options; absent ones take their defaults in serve-console.ts. */
export interface ServeConsoleArgs {
  dataDir?: string;
  port?: number;
  staticDir?: string;
}

/** Parse argv (without node and script); returns a message instead of throwing on bad input. */
export function parseServeConsoleArgs(argv: readonly string[]): { ok: true; args: ServeConsoleArgs } | { ok: false; message: string } {
  const args: ServeConsoleArgs = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const [name, inlineValue] = flag.startsWith('--') && flag.includes('=') ? flag.split(/=(.*)/s, 2) : [flag, undefined];
    if (name !== '--data' && name !== '--port' && name !== '--static') {
      return { ok: false, message: `Unknown option "${flag}". Use --data DIR, --port N, --static DIR.` };
    }
    const value = inlineValue ?? argv[(i += 1)];
    if (value === undefined || value === '') return { ok: false, message: `${name} needs a value.` };
    if (name === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `--port must be 0-65535, not "${value}".` };
      args.port = port;
    } else if (name === '--data') {
      args.dataDir = value;
    } else {
      args.staticDir = value;
    }
  }
  return { ok: true, args };
}
