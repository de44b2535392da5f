import { describe, expect, it } from 'vitest';
import { lintAs, lintTypedAs } from './lint-as';

const rulesHit = async (file: string, code: string) => (await lintAs(file, code)).map((message) => message.ruleId);
const typedRulesHit = async (file: string, code: string) => (await lintTypedAs(file, code)).map((message) => message.ruleId);

const rawIpc = "import { ipcMain, ipcRenderer } from 'electron';\nipcMain.handle('x', () => 1);\nipcMain.on('y', () => 1);\nvoid ipcRenderer.invoke('x');\n";

describe('eslint.config.js', () => {
  describe('raw IPC', () => {
    it('is refused outside the gate', async () => {
      const hits = await rulesHit('main/electron/main.ts', rawIpc);
      expect(hits.filter((rule) => rule === 'no-restricted-syntax')).toHaveLength(3);
      expect(await rulesHit('main/electron/window.ts', "import { ipcMain } from 'electron';\nconst { handle } = ipcMain;\nvoid handle;\n")).toContain(
        'no-restricted-syntax',
      );
      expect(await rulesHit('main/electron/window.ts', 'declare const win: { webContents: { ipc: { handle(c: string, f: () => void): void } } };\nwin.webContents.ipc.handle("x", () => {});\n')).toContain(
        'no-restricted-syntax',
      );
    });

    it('is allowed in main/electron/ipc-gate.ts and main/electron/preload.ts', async () => {
      expect(await rulesHit('main/electron/ipc-gate.ts', rawIpc)).toEqual([]);
      expect(await rulesHit('main/electron/preload.ts', rawIpc)).toEqual([]);
    });
  });

  describe('weakened security settings', () => {
    // Built here so this file does not trip the ban it tests.
    const tlsOff = ['NODE', 'TLS', 'REJECT', 'UNAUTHORIZED'].join('_');

    it('are refused everywhere, the IPC gate and tests included', async () => {
      const code =
        "export const prefs = { nodeIntegration: true, contextIsolation: false, 'sandbox': false, webSecurity: false };\n" +
        'export const tls = { rejectUnauthorized: false };\n' +
        `process.env.${tlsOff} = '0';\n` +
        `export const env = { ['${tlsOff}']: '0' };\n`;
      for (const file of ['main/electron/window.ts', 'main/electron/ipc-gate.ts', 'test/e2e/app.test.ts', 'scripts/start.mjs']) {
        expect((await rulesHit(file, code)).filter((rule) => rule === 'no-restricted-syntax'), file).toHaveLength(7);
      }
    });

    it('leaves the safe values alone', async () => {
      const code = 'export const prefs = { nodeIntegration: false, contextIsolation: true, sandbox: true, webSecurity: true };\n';
      expect(await rulesHit('main/electron/window.ts', code)).toEqual([]);
    });
  });

  it('bans @ts-ignore and allows @ts-expect-error with a description', async () => {
    expect(await rulesHit('main/a.ts', '// @ts-ignore\nexport const a: number = 1;\n')).toEqual(['@typescript-eslint/ban-ts-comment']);
    expect(await rulesHit('main/a.ts', "// @ts-expect-error -- ldapts types omit this field\nexport const a: number = 'x';\n")).toEqual([]);
  });

  it('refuses Node globals in shared/ and renderer/, and DOM globals in shared/', async () => {
    expect(await rulesHit('shared/a.ts', 'export const a = process.env;\nexport const b = window.location;\n')).toEqual([
      'no-restricted-globals',
      'no-restricted-globals',
    ]);
    expect(await rulesHit('renderer/a.ts', 'export const a = Buffer.from("x");\nexport const b = window.location;\n')).toEqual([
      'no-restricted-globals',
    ]);
    expect(await rulesHit('main/a.ts', 'export const a = process.env;\n')).toEqual([]);
  });

  describe('who calls main in the renderer', () => {
    const component = 'renderer/app/some-pane.tsx';

    it('refuses the API object, its type and window.enclave outside renderer/state/', async () => {
      expect(await rulesHit(component, "import { getEnclaveApi } from '../api/enclave-api';\nexport const api = getEnclaveApi();\n")).toEqual(['no-restricted-imports']);
      expect(await rulesHit(component, "import { createHttpClient } from '../api/http-client';\nexport const make = createHttpClient;\n")).toEqual(['no-restricted-imports']);
      expect(await rulesHit('renderer/app/dialogs/a-dialog.tsx', "import type { EnclaveApi } from '../../../shared/ipc/contract';\nexport type A = EnclaveApi;\n")).toEqual(['no-restricted-imports']);
      expect(await rulesHit(component, 'export const api = window.enclave;\n')).toEqual(['no-restricted-syntax']);
    });

    it('allows them in the store, the API module and the entry that joins them', async () => {
      const code = "import { getEnclaveApi } from '../api/enclave-api';\nimport type { EnclaveApi } from '../../shared/ipc/contract';\nexport const api: EnclaveApi = getEnclaveApi();\n";
      expect(await rulesHit('renderer/state/a-store.ts', code)).toEqual([]);
      expect(await rulesHit('renderer/api/a-client.ts', 'export const api = window.enclave;\n')).toEqual([]);
    });

    it('lets the audit viewer name the API type it is handed, never import the object', async () => {
      expect(await rulesHit('renderer/audit/a-view.tsx', "import type { EnclaveApi } from '../../shared/ipc/contract';\nexport type A = EnclaveApi;\n")).toEqual([]);
      expect(await rulesHit('renderer/audit/a-view.tsx', "import { getEnclaveApi } from '../api/enclave-api';\nexport const api = getEnclaveApi();\n")).toEqual(['no-restricted-imports']);
    });
  });

  describe('renderer hooks and promises (type-aware)', () => {
    // A real file of renderer/tsconfig.json, so the project service can type it; its text is replaced.
    const file = 'renderer/app/use-call.ts';

    it('refuses a dropped promise and a promise handed where a void callback is expected', async () => {
      const code = 'const later = async () => 1;\nexport function f() {\n  later();\n}\nexport const g = [1].forEach(async () => { await later(); });\n';
      expect(await typedRulesHit(file, code)).toEqual(['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises']);
      expect(await lintTypedAs(file, 'const later = async () => 1;\nexport function f() {\n  void later();\n}\n')).toEqual([]);
    });

    it('refuses a dropped promise in main/ too', async () => {
      const code = 'const later = async () => 1;\nexport function f() {\n  later();\n}\n';
      expect(await typedRulesHit('main/system/free-port.ts', code)).toEqual(['@typescript-eslint/no-floating-promises']);
    });

    it('checks the rules of hooks and effect dependencies', async () => {
      const code =
        "import { useEffect, useState } from 'react';\n" +
        'export function useThing(flag: boolean, id: string) {\n' +
        '  if (flag) useState(0);\n' +
        '  useEffect(() => { document.title = id; }, []);\n' +
        '}\n';
      const rules = (await lintTypedAs(file, code)).map((message) => message.ruleId);
      expect(rules).toContain('react-hooks/rules-of-hooks');
      expect(rules).toContain('react-hooks/exhaustive-deps');
    });
  });
});
