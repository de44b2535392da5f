/** Where things are, relative to the repository root, for every e2e helper. */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('../../../out/renderer/', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../../../test-artifacts/e2e/', import.meta.url));
