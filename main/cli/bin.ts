#!/usr/bin/env node
/**
 * The entry of the bundled CLI (out/cli/enclave.mjs, the package's `bin`): V8's compile cache first, then the
 * command line itself. `npm run enclave` runs main/cli/enclave.ts from source instead.
 */
import { enableCompileCache } from './compile-cache';

enableCompileCache();
await import('./enclave');
