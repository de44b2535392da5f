/**
 * Lint for Enclave: the usual recommended sets, plus the rules that keep the architecture and the
 * security settings true (docs/layers.md). Type-aware only for renderer/** (promises handed to React
 * handlers and effects), so the rest stays fast.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import enclave from './eslint-rules/index.js';

/** The only files that may touch raw IPC: one gate that checks sender and channel (as VS Code does). */
const ipcGateFiles = ['main/electron/preload.ts', 'main/electron/ipc-gate.ts'];

const ipcGateMessage =
  'Raw IPC only in main/electron/ipc-gate.ts and main/electron/preload.ts: every channel goes through the one gate built from shared/ipc/contract.ts.';

/** Raw IPC, refused outside the gate files. `x.ipcMain.handle` and webContents.ipc are the same door. */
const rawIpc = [
  {
    selector:
      "MemberExpression:matches([object.name='ipcMain'], [object.property.name='ipcMain'], [object.property.name='ipc'])" +
      '[property.name=/^(handle|handleOnce|on|once|addListener|prependListener)$/]',
    message: ipcGateMessage,
  },
  {
    selector:
      "MemberExpression:matches([object.name='ipcRenderer'], [object.property.name='ipcRenderer'])" +
      '[property.name=/^(invoke|send|sendSync|sendToHost|postMessage|on|once|addListener)$/]',
    message: ipcGateMessage,
  },
  {
    selector: "VariableDeclarator[id.type='ObjectPattern']:matches([init.name='ipcMain'], [init.name='ipcRenderer'])",
    message: ipcGateMessage,
  },
];

/** An object property or assignment giving `name` the literal `value`. */
const weakSetting = (name, value, why) => [
  {
    selector: `Property:matches([key.name='${name}'], [key.value='${name}'])[value.type='Literal'][value.value=${value}]`,
    message: `${name}: ${value} is never allowed, in tests either: ${why}`,
  },
  {
    selector: `AssignmentExpression[left.property.name='${name}'][right.type='Literal'][right.value=${value}]`,
    message: `${name} = ${value} is never allowed, in tests either: ${why}`,
  },
];

// Assembled so this file does not trip its own ban on the name.
const tlsOff = ['NODE', 'TLS', 'REJECT', 'UNAUTHORIZED'].join('_');

/** Security settings that must never appear anywhere, tests included (tests run what ships). */
const weakSecurity = [
  ...weakSetting('nodeIntegration', true, 'the renderer would run with Node.'),
  ...weakSetting('nodeIntegrationInWorker', true, 'workers would run with Node.'),
  ...weakSetting('nodeIntegrationInSubFrames', true, 'frames would run with Node.'),
  ...weakSetting('contextIsolation', false, 'the page could reach the preload.'),
  ...weakSetting('sandbox', false, 'windows run sandboxed.'),
  ...weakSetting('webSecurity', false, 'it turns off the same-origin policy.'),
  ...weakSetting('allowRunningInsecureContent', true, 'it loads http content into https pages.'),
  ...weakSetting('rejectUnauthorized', false, 'trust the server CA (caCertificatePem) instead of skipping verification.'),
  {
    selector: `Identifier[name='${tlsOff}'], Literal[value=/${tlsOff}/], TemplateElement[value.raw=/${tlsOff}/]`,
    message: `${tlsOff} turns off TLS verification for the whole process: pass the CA instead.`,
  },
];

/**
 * Who calls main in the renderer (docs/console.md, "Who calls main"): the store in renderer/state/, built in
 * renderer/main.tsx on the object renderer/api/ makes. Components get actions, never the API object.
 */
const apiMessage = 'Only renderer/state/ calls main: use an action of the console store (useConsoleActions), or add one there.';
const rendererApiImports = [
  { group: ['**/api/enclave-api', '**/api/http-client', '**/api/server-events'], message: apiMessage },
];
const enclaveApiType = { name: '../../shared/ipc/contract', importNames: ['EnclaveApi'], message: apiMessage };
const rendererApiSyntax = [
  { selector: "MemberExpression[object.name='window'][property.name='enclave']", message: apiMessage },
];

const pureGlobal = (name) => ({ name, message: `shared/ runs in main, renderer and CLI alike: no '${name}' here.` });
const nodeGlobal = (name) => ({ name, message: `The renderer is sandboxed and has no Node: '${name}' does not exist there.` });
const nodeOnlyGlobals = ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate'];

export default defineConfig(
  globalIgnores(['node_modules/', 'out/', 'dist/', 'test-artifacts/', '.enclave-data/', '.scratch/']),
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { enclave },
    languageOptions: { globals: globals.es2023 },
    rules: {
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description', minimumDescriptionLength: 5 },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Refusing control characters in directory values (LDIF and CSV safety) is deliberate here.
      'no-control-regex': 'off',
      'enclave/layering': 'error',
      'no-restricted-syntax': ['error', ...weakSecurity, ...rawIpc],
    },
  },
  {
    // The gate itself: the security bans still hold, raw IPC is its job.
    files: ipcGateFiles,
    rules: { 'no-restricted-syntax': ['error', ...weakSecurity] },
  },
  {
    // Tests may build raw DNs for fixtures; the rest of the LDAP-facing code may not.
    files: ['main/**/*.{ts,tsx,js,mjs}', 'shared/**/*.{ts,tsx,js,mjs}'],
    rules: { 'enclave/no-ldap-string-building': 'error' },
  },
  {
    files: ['shared/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[...nodeOnlyGlobals, 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest'].map(
          pureGlobal,
        ),
      ],
    },
  },
  {
    // Main and shared, with type information (tsconfig.json): a dropped promise in main is a write nobody awaits,
    // or an error nobody sees.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx,js,mjs}'],
    ignores: ['renderer/vite.config.ts'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: {
      globals: globals.browser,
      // Type information from renderer/tsconfig.json: a promise dropped in an onClick or an effect is a bug.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-globals': ['error', ...nodeOnlyGlobals.map(nodeGlobal)],
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/state/**', 'renderer/api/**', 'renderer/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: rendererApiImports,
          // Every relative depth at which a component could name the contract's API type.
          paths: ['../shared/ipc/contract', '../../shared/ipc/contract', '../../../shared/ipc/contract'].map((name) => ({ ...enclaveApiType, name })),
        },
      ],
      'no-restricted-syntax': ['error', ...weakSecurity, ...rawIpc, ...rendererApiSyntax],
    },
  },
  {
    // The audit viewer is built apart and still takes an API prop; the store hands it one restricted to the
    // audit calls (renderer/state/actions/audit-view-api.ts). It may name the type, never import the object.
    files: ['renderer/audit/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: rendererApiImports }] },
  },
  {
    // TEMPORARY until the audit viewer's owner lands its loading change: its first read sets state in an effect.
    files: ['renderer/audit/audit-view.tsx'],
    rules: { 'react-hooks/set-state-in-effect': 'warn' },
  },
  {
    files: ['main/**', 'test/**', 'scripts/**', 'eslint-rules/**', '*.config.*', 'renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
);
