/**
 * enclave/layering — every file belongs to a layer by its path, and may import only what its row of
 * `layerTable` allows. The folder says where code runs (as in VS Code's common/browser/node split), so a
 * bad import fails lint instead of failing at runtime in a sandboxed renderer. See docs/layers.md.
 *
 * Checked: import/export-from declarations (type-only ones too: a type import still couples the layers),
 * import(), require(), require.resolve(), `import x = require()` and `typeof import()` types.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

/** The repository root: this plugin lives in <root>/eslint-rules/. */
export const repoRoot = path.resolve(import.meta.dirname, '..');

/** npm packages only the main process may load (main/electron/ inherits them). Add main-only packages here. */
export const mainOnlyPackages = ['ldapts', 'csv-parse', 'iconv-lite'];

/**
 * The one layer table. `imports`: layers whose files may be imported by relative path; `packages`: npm
 * packages (subpaths included, e.g. react-dom/client); `nodeBuiltins`: `node:*` and bare builtin names.
 * `any`: no restriction (tests import every layer; build files configure all of them).
 */
export const layerTable = {
  shared: {
    label: 'shared/',
    imports: ['shared'],
    packages: ['zod'],
    nodeBuiltins: false,
  },
  renderer: {
    label: 'renderer/',
    imports: ['renderer', 'shared'],
    packages: ['react', 'react-dom', 'recharts', 'zod'],
    nodeBuiltins: false,
  },
  main: {
    label: 'main/',
    imports: ['main', 'shared'],
    packages: ['zod', ...mainOnlyPackages],
    nodeBuiltins: true,
  },
  'electron-shell': {
    label: 'main/electron/',
    imports: ['electron-shell', 'main', 'shared'],
    packages: ['electron', 'electron-store', 'zod', ...mainOnlyPackages],
    nodeBuiltins: true,
  },
  test: { label: 'test/', any: true },
  build: { label: 'build files (scripts/, eslint-rules/, *.config.*)', any: true },
};

/**
 * The layer of a path relative to the repository root ('/'-separated), or null when it is in none
 * (root files such as package.json).
 */
export function classifyPath(relativePath) {
  const parts = relativePath.split('/').filter((part) => part !== '' && part !== '.');
  const [top, second] = parts;
  if (top === undefined || top === '..') return null;
  if (parts.length === 1 && /\.config(\.|$)/.test(top)) return 'build';
  if (top === 'shared') return 'shared';
  if (top === 'renderer') {
    return second !== undefined && /^vite\.config(\.|$)/.test(second) && parts.length === 2 ? 'build' : 'renderer';
  }
  if (top === 'main') return second === 'electron' ? 'electron-shell' : 'main';
  if (top === 'test') return 'test';
  if (top === 'scripts' || top === 'eslint-rules') return 'build';
  return null;
}

/**
 * The second axis: main/'s folders in dependency order, lowest first. A file may import its own folder and
 * folders of a lower rank, never a higher or an equal one (features stay independent of each other). A new
 * folder in main/ must be placed here. See docs/layers.md.
 */
export const mainFolderOrder = [
  ['system'],
  ['directory', 'profiles'],
  ['hosting'],
  ['audit'],
  ['policy'],
  ['bulk', 'quota', 'mail', 'lifecycle', 'keys'],
  ['flavors'],
  ['app'],
  ['host', 'cli', 'electron'],
];

/** The rank of main/<folder>, or -1 when the folder is not in mainFolderOrder. */
export const mainFolderRank = (folder) => mainFolderOrder.findIndex((rank) => rank.includes(folder));

/** main/<folder>/… → folder, for files in main/ (null elsewhere or for files directly in main/). */
function mainFolderOf(relativePath) {
  const parts = relativePath.split('/');
  return parts[0] === 'main' && parts.length > 2 ? parts[1] : null;
}

/** Why `from` may not import `to` (both main/ folders), or null when the order allows it. */
export function folderOrderReason(from, to) {
  if (from === to) return null;
  const fromRank = mainFolderRank(from);
  const toRank = mainFolderRank(to);
  if (fromRank < 0) return `main/${from}/ is not in mainFolderOrder (eslint-rules/layering.js): place it there first`;
  if (toRank < 0) return `main/${to}/ is not in mainFolderOrder (eslint-rules/layering.js): place it there first`;
  if (toRank < fromRank) return null;
  return toRank === fromRank
    ? `main/${from}/ and main/${to}/ share a rank in mainFolderOrder and may not import each other`
    : `main/${to}/ ranks above main/${from}/ in mainFolderOrder (${mainFolderOrder.map((rank) => rank.join('|')).join(' < ')})`;
}

const isNodeBuiltin = (specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier);

/** 'react-dom/client' → 'react-dom'; '@scope/pkg/sub' → '@scope/pkg'. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const restrictedLayers = Object.keys(layerTable).filter((name) => !layerTable[name].any);

const importLabel = (row, layer) =>
  // "main/" alone would suggest main/electron/ too, which main's own row refuses.
  layer === 'main' && !row.imports.includes('electron-shell') ? 'main/ (not main/electron/)' : layerTable[layer].label;

const joinWords = (words) =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** The row of the table as a sentence: "renderer/ may import only renderer/ and shared/ (and react, ...)". */
export function describeRow(layer) {
  const row = layerTable[layer];
  if (row.any) return `${row.label} may import anything`;
  // Own layer first, so the sentence reads "renderer/ may import only renderer/ and shared/".
  const targets = [layer, ...row.imports.filter((name) => name !== layer)].map((name) => importLabel(row, name));
  const packages = [...(row.nodeBuiltins ? ['Node builtins'] : []), ...row.packages];
  return `${row.label} may import only ${joinWords(targets)} (and ${packages.join(', ')})`;
}

/** Why a package specifier is refused: which layers would accept it. */
function packageReason(specifier) {
  if (isNodeBuiltin(specifier)) return `'${specifier}' is a Node builtin (main/ and main/electron/ only)`;
  const name = packageName(specifier);
  const allowedIn = restrictedLayers.filter((layer) => layerTable[layer].packages.includes(name));
  if (allowedIn.length === 0) {
    return `'${specifier}' is in no layer's package list (add it to layerTable in eslint-rules/layering.js)`;
  }
  if (allowedIn.join() === 'main,electron-shell') return `'${specifier}' is main-only`;
  if (allowedIn.length === 1) return `'${specifier}' is for ${layerTable[allowedIn[0]].label} only`;
  return `'${specifier}' is allowed only in ${joinWords(allowedIn.map((layer) => layerTable[layer].label))}`;
}

/**
 * Checks one specifier imported from a file of `layer` in directory `fromDir` (absolute).
 * Returns null when allowed, else the reason it is refused.
 */
export function checkSpecifier(specifier, layer, fromDir, root = repoRoot) {
  const row = layerTable[layer];
  if (row.any) return null;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    // Vite suffixes such as '?raw' or '?url' do not change which file is loaded.
    const target = path.resolve(fromDir, specifier.replace(/\?.*$/, ''));
    const targetPath = path.relative(root, target).split(path.sep).join('/');
    const targetLayer = classifyPath(targetPath);
    if (targetLayer !== null && row.imports.includes(targetLayer)) {
      const fromFolder = mainFolderOf(path.relative(root, path.join(fromDir, 'x')).split(path.sep).join('/'));
      const toFolder = mainFolderOf(targetPath);
      if (fromFolder === null || toFolder === null) return null;
      const reason = folderOrderReason(fromFolder, toFolder);
      return reason === null ? null : `'${specifier}': ${reason}`;
    }
    return targetLayer === null
      ? `'${specifier}' resolves outside every layer`
      : `'${specifier}' resolves into ${layerTable[targetLayer].label}`;
  }
  if (isNodeBuiltin(specifier)) return row.nodeBuiltins ? null : packageReason(specifier);
  return row.packages.includes(packageName(specifier)) ? null : packageReason(specifier);
}

/** The string value of a specifier node, or null when it is computed at runtime. */
function staticString(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what the table in docs/layers.md allows' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string', description: 'Repository root; defaults to the parent of eslint-rules/' } },
        additionalProperties: false,
      },
    ],
    messages: {
      refused: '{{row}}; {{reason}}.',
      computed: '{{row}}; a computed module specifier cannot be checked: use a string literal.',
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? repoRoot;
    const relative = path.relative(root, context.filename);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return {};
    const layer = classifyPath(relative.split(path.sep).join('/'));
    if (layer === null || layerTable[layer].any) return {};
    const fromDir = path.dirname(context.filename);
    const row = describeRow(layer);

    const check = (sourceNode, { dynamic = false } = {}) => {
      const specifier = staticString(sourceNode);
      if (specifier === null) {
        if (dynamic && sourceNode) context.report({ node: sourceNode, messageId: 'computed', data: { row } });
        return;
      }
      const reason = checkSpecifier(specifier, layer, fromDir, root);
      if (reason !== null) context.report({ node: sourceNode, messageId: 'refused', data: { row, reason } });
    };
    const isRequire = (callee) =>
      (callee.type === 'Identifier' && callee.name === 'require') ||
      (callee.type === 'MemberExpression' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'require' &&
        callee.property.type === 'Identifier' &&
        callee.property.name === 'resolve');

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => node.source && check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source, { dynamic: true }),
      CallExpression: (node) => isRequire(node.callee) && check(node.arguments[0], { dynamic: true }),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression),
      // typescript-eslint 8 names it `source`; older releases had `argument.literal`.
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
    };
  },
};

export default layeringRule;
