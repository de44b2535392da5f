/**
 * Bundles the command line: main/cli/bin.ts → out/cli/enclave.mjs (the package's `bin`) plus out/cli/chunks/.
 * ESM for Node, packages bundled and split at the CLI's dynamic imports, so `enclave --help` loads one small file
 * and `enclave tenants` the chunks of one command instead of resolving hundreds of files in node_modules
 * (docs/cli.md: how this was measured against leaving the packages external).
 */
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
// --outdir lets tests build a private copy instead of racing over out/cli.
const { values: args } = parseArgs({ options: { outdir: { type: 'string' } } });
const outDir = args.outdir ? resolve(args.outdir) : `${root}out/cli`;

/**
 * zod's classic API re-exports every locale (`z.locales`: 60 languages, a third of zod's size) as one namespace, so
 * no bundler can drop them. Enclave speaks English and never calls z.locales: the namespace becomes empty here.
 * (English, zod's default, is imported by zod's schemas directly and stays.)
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (resolveArgs) => (/[\\/]zod[\\/]/.test(resolveArgs.importer) ? { path: 'zod-locales', namespace: 'enclave-empty' } : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'enclave-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * iconv-lite's double-byte tables (Chinese, Japanese, Korean: 460 KB, two thirds of the import command's chunk, read
 * at every start) are left out: Enclave decodes UTF-16 and Windows-1252 only (main/bulk/text-decoding.ts,
 * cell-text.ts). iconv-lite reads a table only when its encoding is first used; one left out says so loudly.
 */
const withoutDoubleByteTables = {
  name: 'without-double-byte-tables',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/tables\/.*\.json$/ }, (resolveArgs) => (/[\\/]iconv-lite[\\/]encodings[\\/]/.test(resolveArgs.importer) ? { path: resolveArgs.path, namespace: 'enclave-left-out' } : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'enclave-left-out' }, (loadArgs) => ({
      contents: `throw new Error(${JSON.stringify(`The Enclave command line does not bundle iconv-lite's ${loadArgs.path} (double-byte encodings are not used).`)});`,
      loader: 'js',
    }));
  },
};

await rm(outDir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { enclave: 'main/cli/bin.ts' },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  // The bin runs on whatever Node is first on PATH; the dependencies need 22, the syntax only 20.
  target: 'node20',
  // Bundled CommonJS packages (iconv-lite) call require() for Node builtins: give every chunk a real one.
  banner: { js: "import { createRequire as __enclaveCreateRequire } from 'node:module'; const require = __enclaveCreateRequire(import.meta.url);" },
  plugins: [withoutZodLocales, withoutDoubleByteTables],
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const entry = `${outDir}/enclave.mjs`;
await chmod(entry, 0o755);
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(`build-cli: wrote ${relative(root, entry)} and ${outputs.length - 1} chunks (${Math.round(bytes / 1024)} KiB)`);
