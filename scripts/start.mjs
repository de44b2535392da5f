/**
 * `npm start`: build what is missing, then run the console in Electron when its binary is installed,
 * or serve it to the browser from 127.0.0.1 when it is not. Never triggers Electron's downloader
 * (requiring the `electron` package from Node would).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Run a build step in the foreground; stop npm start if it fails. */
function runStep(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`start: "${command} ${args.join(' ')}" failed.`);
    process.exit(result.status ?? 1);
  }
}

/** The Electron executable when it is really on disk, else null. */
function electronBinary() {
  const pathFile = at('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  if (relativePath === '') return null;
  const binary = at('node_modules', 'electron', 'dist', relativePath);
  return existsSync(binary) ? binary : null;
}

/** Newest modification time of any file under the given folders. */
function newestMtime(folders) {
  let newest = 0;
  const visit = (path) => {
    const info = statSync(path);
    if (info.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else newest = Math.max(newest, info.mtimeMs);
  };
  for (const folder of folders) if (existsSync(folder)) visit(folder);
  return newest;
}

function electronBundleIsStale() {
  const bundles = [at('out', 'electron', 'main.cjs'), at('out', 'electron', 'preload.cjs')];
  if (!bundles.every(existsSync)) return true;
  const built = Math.min(...bundles.map((bundle) => statSync(bundle).mtimeMs));
  return newestMtime([at('main'), at('shared')]) > built;
}

/** Forward Ctrl-C and termination to the child so it can stop the sandbox, then exit with it. */
function followChild(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function runElectron(binary) {
  if (electronBundleIsStale()) runStep(process.execPath, [at('scripts', 'build-electron.mjs')]);
  const env = { ...process.env };
  // Inherited from some shells and tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  // The project folder: Electron reads package.json's "main" (out/electron/main.cjs) and its name.
  followChild(spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env }));
}

function openInBrowser(url) {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const opener = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  opener.on('error', () => console.log('(Could not open a browser automatically; copy the address above.)'));
  opener.unref();
}

function runBrowserHost() {
  console.log('Electron binary not installed here; serving the console in your browser instead.');
  const child = spawn(process.execPath, ['--import', 'tsx', at('main', 'host', 'serve-console.ts'), ...process.argv.slice(2)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  followChild(child);
  createInterface({ input: child.stdout }).on('line', (line) => {
    let launch;
    try {
      launch = JSON.parse(line);
    } catch {
      console.log(line);
      return;
    }
    console.log(`\n  Open Enclave:  ${launch.launchUrl}\n\n  (The link is valid until the console stops, and only on this machine. Ctrl-C stops the console.)\n`);
    openInBrowser(launch.launchUrl);
  });
}

if (!existsSync(at('out', 'renderer', 'index.html'))) {
  runStep(npx, ['vite', 'build', '--config', 'renderer/vite.config.ts']);
}
const binary = electronBinary();
if (binary) runElectron(binary);
else runBrowserHost();
