/**
 * `npm start` without Electron, and the e2e tests' entry: serve the console to a browser on 127.0.0.1.
 * Prints one human line on stderr and one JSON line `{"url","launchUrl"}` on stdout.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../app/create-app-core';
import { defaultDataDir } from '../system/data-dir';
import { launchConsoleServer } from './console-server';
import { parseServeConsoleArgs } from './serve-console-args';

const defaultStaticDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));

async function main(): Promise<void> {
  const parsed = parseServeConsoleArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`serve-console: ${parsed.message}\n`);
    process.exit(2);
  }
  const staticDir = parsed.args.staticDir ?? defaultStaticDir;
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(`serve-console: warning: ${staticDir} has no index.html; run "npm run build:renderer".\n`);
  }
  const server = await launchConsoleServer(
    { dataDir: parsed.args.dataDir ?? defaultDataDir(), staticDir, port: parsed.args.port },
    createAppCore,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // A terminal's Ctrl-C reaches us twice (directly and forwarded by npm start): stop once, ignore the rest.
    if (stopping) return;
    stopping = true;
    process.stderr.write(`serve-console: ${signal}, stopping.\n`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`serve-console: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  process.stderr.write(`Enclave console is serving on ${server.host.url} (open the launch URL below).\n`);
  process.stdout.write(`${JSON.stringify({ url: server.host.url, launchUrl: server.host.launchUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`serve-console: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
