/**
 * Bundles the Electron shell: main/electron/main.ts → out/electron/main.cjs and the sandboxed preload
 * main/electron/preload.ts → out/electron/preload.cjs. Only `electron` stays external: electron-store
 * is ESM-only and a sandboxed preload can require nothing but electron, so everything else is bundled.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
// --outdir lets tests build a private copy instead of racing over out/electron.
const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
const outDir = args.outdir ? resolve(args.outdir) : `${root}out/electron`;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // Electron 45 runs Node 22 and Chromium 140.
  target: 'node22',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  // ESM sources (ours and electron-store's) may read import.meta.url; in CJS it comes from __filename.
  define: { 'import.meta.url': '__enclaveImportMetaUrl' },
  banner: { js: "const __enclaveImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** Build one bundle; returns the source files that went into it. */
async function bundle(entry, outfile, extra = {}) {
  const result = await build({ ...common, ...extra, entryPoints: [entry], outfile: `${outDir}/${outfile}` });
  return Object.keys(result.metafile.inputs).map((input) => relative(root, `${root}${input}`));
}

await bundle('main/electron/main.ts', 'main.cjs');

// The preload runs sandboxed: `require` there knows only 'electron' and a few polyfilled builtins.
const preloadInputs = await bundle('main/electron/preload.ts', 'preload.cjs', {
  define: {},
  banner: {},
  target: 'chrome140',
});
const allowedPreloadInputs = new Set(['main/electron/preload.ts', 'shared/ipc/call-names.ts']);
const unexpected = preloadInputs.filter((input) => !allowedPreloadInputs.has(input));
if (unexpected.length > 0) {
  // The preload must stay a thin list of named calls: no zod, no contract, no helpers that grow.
  console.error(`build-electron: the preload pulled in more than the call names: ${unexpected.join(', ')}`);
  process.exit(1);
}
console.log(`build-electron: wrote ${relative(root, outDir) || '.'}/main.cjs and preload.cjs`);
