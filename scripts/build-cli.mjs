/**
 * Bundles the command line: main/cli/enclave.ts → out/cli/enclave.cjs, one CommonJS script with the packages
 * bundled (nothing is resolved from node_modules at run time), and main/cli/bin.ts → out/cli/enclave.mjs, the
 * package's `bin`, which runs that script with a V8 code cache made after a command's first run
 * (main/cli/compile-cache.ts; docs/cli.md: how this was measured against the split ESM bundle it replaces).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, readFile, rm } from 'node:fs/promises';
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
const shared = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', metafile: true, logLevel: 'warning' };
// The command line as one CommonJS script: every command's code, each module evaluated when first imported.
const script = await build({
  ...shared,
  entryPoints: { enclave: 'main/cli/enclave.ts' },
  outdir: outDir,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  minifyWhitespace: true,
  // Modules that use import.meta.url get the script's own URL (compile-cache.ts runs it with __filename set).
  define: { 'import.meta.url': '__enclaveScriptUrl' },
  banner: { js: "var __enclaveScriptUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [withoutZodLocales, withoutDoubleByteTables],
});
const scriptFile = `${outDir}/enclave.cjs`;
const scriptBytes = await readFile(scriptFile);
// esbuild escapes non-ASCII text in strings; the whitespace minifier drops comments. What is left (a regular
// expression written with non-ASCII characters) would make the script slower to read at every start.
const nonAscii = scriptBytes.findIndex((byte) => byte > 0x7f);
if (nonAscii !== -1) throw new Error(`build-cli: ${relative(root, scriptFile)} is not ASCII at byte ${nonAscii}: ${scriptBytes.subarray(Math.max(0, nonAscii - 60), nonAscii + 20).toString('utf8')}`);
const scriptId = createHash('sha256').update(scriptBytes).digest('hex').slice(0, 24);
// The bin: a few lines that run the script with its code cache, named after the script's content.
const bin = await build({
  ...shared,
  entryPoints: { enclave: 'main/cli/bin.ts' },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  format: 'esm',
  define: { ENCLAVE_SCRIPT_ID: JSON.stringify(scriptId) },
});
const entry = `${outDir}/enclave.mjs`;
await chmod(entry, 0o755);
const outputs = [...Object.entries(script.metafile.outputs), ...Object.entries(bin.metafile.outputs)].filter(([file]) => !file.endsWith('.map'));
const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(`build-cli: wrote ${relative(root, entry)} and ${relative(root, scriptFile)} (${Math.round(bytes / 1024)} KiB)`);
