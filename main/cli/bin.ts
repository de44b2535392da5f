#!/usr/bin/env node
/**
 * The entry of the bundled CLI (out/cli/enclave.mjs, the package's `bin`): runs the command line, bundled as one
 * script beside it (out/cli/enclave.cjs), with its code cache (compile-cache.ts). `npm run enclave` runs
 * main/cli/enclave.ts from source instead.
 */
import { fileURLToPath } from 'node:url';
import { runCachedScript } from './compile-cache';

/** The script's content hash, set by scripts/build-cli.mjs. */
declare const ENCLAVE_SCRIPT_ID: string;

runCachedScript(fileURLToPath(new URL('./enclave.cjs', import.meta.url)), ENCLAVE_SCRIPT_ID, process.argv.slice(2));
