// Types for the tests, which are TypeScript; the plugin stays plain JS so ESLint loads it without a build.
import type { Rule } from 'eslint';

export type LayerName = 'shared' | 'renderer' | 'main' | 'electron-shell' | 'test' | 'build';

export type LayerRow =
  | { label: string; imports: LayerName[]; packages: string[]; nodeBuiltins: boolean; any?: undefined }
  | { label: string; any: true };

export const repoRoot: string;
export const mainOnlyPackages: string[];
export const layerTable: Record<LayerName, LayerRow>;
export function classifyPath(relativePath: string): LayerName | null;
export function packageName(specifier: string): string;
export function describeRow(layer: LayerName): string;
export const mainFolderOrder: string[][];
export function mainFolderRank(folder: string): number;
export function folderOrderReason(from: string, to: string): string | null;
export function checkSpecifier(specifier: string, layer: LayerName, fromDir: string, root?: string): string | null;
export const layeringRule: Rule.RuleModule;
export default layeringRule;
