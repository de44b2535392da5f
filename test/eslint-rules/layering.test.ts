import { describe, expect, it } from 'vitest';
import { checkSpecifier, classifyPath, folderOrderReason, layerTable, mainFolderOrder, type LayerName } from '../../eslint-rules/layering.js';
import { lintAs, repoRoot } from './lint-as';

const RULE = 'enclave/layering';

/** [file the snippet is linted as, import statement] */
type Case = [string, string];

async function expectAccepted([file, code]: Case): Promise<void> {
  expect(await lintAs(file, code, RULE), `${file}: ${code}`).toEqual([]);
}

async function expectRefused([file, code]: Case, message?: string): Promise<void> {
  const messages = await lintAs(file, code, RULE);
  expect(messages, `${file}: ${code}`).toHaveLength(1);
  if (message !== undefined) expect(messages[0]?.message).toBe(message);
}

describe('enclave/layering', () => {
  describe('#classifyPath()', () => {
    it('puts each file in the layer its folder says', () => {
      expect(classifyPath('shared/model/hosting.ts')).toBe('shared');
      expect(classifyPath('renderer/app/app.tsx')).toBe('renderer');
      expect(classifyPath('renderer/vite.config.ts')).toBe('build');
      expect(classifyPath('main/hosting/tenant-service.ts')).toBe('main');
      expect(classifyPath('main/electron/preload.ts')).toBe('electron-shell');
      expect(classifyPath('test/hosting/tenant-service.test.ts')).toBe('test');
      expect(classifyPath('scripts/start.mjs')).toBe('build');
      expect(classifyPath('eslint-rules/layering.js')).toBe('build');
      expect(classifyPath('vitest.config.ts')).toBe('build');
      expect(classifyPath('package.json')).toBeNull();
    });
  });

  describe('renderer/', () => {
    const file = 'renderer/app/tenant-list.tsx';
    const row = 'renderer/ may import only renderer/ and shared/ (and react, react-dom, recharts, zod)';

    it('accepts renderer/, shared/ and its packages', async () => {
      for (const code of [
        "import { ok } from '../../shared/errors';",
        "import type { Tenant } from '../../shared/model/hosting';",
        "import { TenantForm } from './tenant-form';",
        "import { useApi } from '../api/use-api';",
        "import { useState } from 'react';",
        "import { jsx } from 'react/jsx-runtime';",
        "import { createRoot } from 'react-dom/client';",
        "import { LineChart } from 'recharts';",
        "import { z } from 'zod';",
        "import css from '../styles/app.css?inline';",
        "export { ok } from '../../shared/errors';",
      ]) {
        await expectAccepted([file, code]);
      }
    });

    it('refuses main-only packages with the row and the reason', async () => {
      await expectRefused([file, "import { Client } from 'ldapts';"], `${row}; 'ldapts' is main-only.`);
      await expectRefused([file, "import { ipcRenderer } from 'electron';"], `${row}; 'electron' is for main/electron/ only.`);
      await expectRefused([file, "import Store from 'electron-store';"], `${row}; 'electron-store' is for main/electron/ only.`);
    });

    it('refuses Node builtins, prefixed or bare', async () => {
      await expectRefused(
        [file, "import { readFile } from 'node:fs';"],
        `${row}; 'node:fs' is a Node builtin (main/ and main/electron/ only).`,
      );
      await expectRefused([file, "import path from 'path';"]);
      await expectRefused([file, "import { readFile } from 'fs/promises';"]);
    });

    it('refuses relative paths that resolve into main/', async () => {
      await expectRefused(
        [file, "import type { AppCore } from '../../main/app/app-core';"],
        `${row}; '../../main/app/app-core' resolves into main/.`,
      );
      // Going down into renderer/ and back out is still main/.
      await expectRefused([file, "import { x } from '../../main/app/app-core';"]);
      await expectRefused([file, "export * from '../../main/electron/preload';"]);
      await expectRefused([file, "import { x } from '../../test/fixtures/tenants';"]);
      await expectRefused([file, "import pkg from '../../package.json';"], `${row}; '../../package.json' resolves outside every layer.`);
      await expectRefused(['renderer/main.tsx', "import config from './vite.config';"]);
    });

    it('checks dynamic import(), require() and type-only imports too', async () => {
      await expectRefused([file, "const ldap = await import('ldapts');"]);
      await expectAccepted([file, "const view = await import('./tenant-form');"]);
      await expectRefused([file, "const { app } = require('electron');"]);
      await expectRefused([file, "type Client = typeof import('ldapts').Client;"]);
      await expectRefused([file, "import type { Client } from 'ldapts';"]);
      await expectRefused(
        [file, 'const name = "x"; await import(name);'],
        `${row}; a computed module specifier cannot be checked: use a string literal.`,
      );
    });

    it('treats renderer/vite.config.ts as a build file', async () => {
      await expectAccepted(['renderer/vite.config.ts', "import path from 'node:path';\nimport react from '@vitejs/plugin-react';"]);
    });
  });

  describe('shared/', () => {
    const file = 'shared/model/tenant.ts';
    const row = 'shared/ may import only shared/ (and zod)';

    it('accepts shared/ and zod', async () => {
      for (const code of ["import { z } from 'zod';", "import { ok } from '../errors';", "import { callNames } from '../ipc/call-names';"]) {
        await expectAccepted([file, code]);
      }
    });

    it('refuses React, Node, main-only packages and the other layers', async () => {
      await expectRefused([file, "import { useState } from 'react';"], `${row}; 'react' is for renderer/ only.`);
      await expectRefused([file, "import path from 'node:path';"], `${row}; 'node:path' is a Node builtin (main/ and main/electron/ only).`);
      await expectRefused([file, "import { Client } from 'ldapts';"]);
      await expectRefused([file, "import { x } from '../../renderer/app/app';"], `${row}; '../../renderer/app/app' resolves into renderer/.`);
      await expectRefused([file, "import { x } from '../../main/app/app-core';"]);
      await expectRefused([file, "const fs = require('fs');"]);
    });
  });

  describe('main/', () => {
    const file = 'main/hosting/tenant-service.ts';
    const row = 'main/ may import only main/ (not main/electron/) and shared/ (and Node builtins, zod, ldapts, csv-parse, iconv-lite)';

    it('accepts main/, shared/, Node builtins, ldapts and zod', async () => {
      for (const code of [
        "import { Client } from 'ldapts';",
        "import { readFile } from 'node:fs/promises';",
        "import { spawn } from 'child_process';",
        "import { z } from 'zod';",
        "import type { DirectoryConnection } from '../directory/directory-connection';",
        "import { ok } from '../../shared/errors';",
        "import path = require('node:path');",
        "const os = await import('node:os');",
      ]) {
        await expectAccepted([file, code]);
      }
    });

    it('refuses electron and the renderer packages', async () => {
      await expectRefused([file, "import { app } from 'electron';"], `${row}; 'electron' is for main/electron/ only.`);
      await expectRefused([file, "import Store from 'electron-store';"]);
      await expectRefused([file, "import { useState } from 'react';"]);
      await expectRefused([file, "import { LineChart } from 'recharts';"]);
      await expectRefused([file, "type App = typeof import('electron').app;"]);
      await expectRefused([file, "import lodash from 'lodash';"], `${row}; 'lodash' is in no layer's package list (add it to layerTable in eslint-rules/layering.js).`);
    });

    it('refuses main/electron/ and renderer/ by relative path', async () => {
      await expectRefused([file, "import { gate } from '../electron/ipc-gate';"], `${row}; '../electron/ipc-gate' resolves into main/electron/.`);
      await expectRefused([file, "import { App } from '../../renderer/app/app';"]);
    });
  });

  describe('main/electron/', () => {
    const file = 'main/electron/main.ts';

    it('accepts electron, electron-store, main/, shared/ and everything main/ may', async () => {
      for (const code of [
        "import { app, BrowserWindow } from 'electron';",
        "import Store from 'electron-store';",
        "import { Client } from 'ldapts';",
        "import path from 'node:path';",
        "import { createIpcGate } from './ipc-gate';",
        "import type { AppCore } from '../app/app-core';",
        "import { ok } from '../../shared/errors';",
      ]) {
        await expectAccepted([file, code]);
      }
    });

    it('refuses the renderer', async () => {
      await expectRefused(
        [file, "import { createRoot } from 'react-dom/client';"],
        "main/electron/ may import only main/electron/, main/ and shared/ (and Node builtins, electron, electron-store, zod, ldapts, csv-parse, iconv-lite); 'react-dom/client' is for renderer/ only.",
      );
      await expectRefused([file, "import { App } from '../../renderer/app/app';"]);
    });
  });

  describe('test/ and build files', () => {
    it('may import every layer and any package', async () => {
      for (const file of ['test/electron/ipc-gate.test.ts', 'scripts/build-electron.mjs', 'vitest.config.ts', 'eslint-rules/layering.js']) {
        for (const code of [
          "import { app } from 'electron';",
          "import { createRoot } from 'react-dom/client';",
          "import { Client } from 'ldapts';",
          "import { readFile } from 'node:fs/promises';",
          "import { x } from '../main/electron/preload';",
          "import { y } from '../renderer/app/app';",
        ]) {
          await expectAccepted([file, code]);
        }
      }
    });
  });

  describe('the table', () => {
    const restricted = (Object.keys(layerTable) as LayerName[]).filter((name) => !layerTable[name].any);
    const dirOf = { shared: 'shared', renderer: 'renderer', main: 'main', 'electron-shell': 'main/electron' } as Record<LayerName, string>;

    it("accepts each row's own packages and refuses those no row of its own lists", () => {
      const everyPackage = new Set(restricted.flatMap((name) => { const row = layerTable[name]; return row.any ? [] : row.packages; }));
      for (const layer of restricted) {
        const row = layerTable[layer];
        if (row.any) continue;
        const fromDir = `${repoRoot}/${dirOf[layer]}`;
        for (const pkg of everyPackage) {
          expect(checkSpecifier(pkg, layer, fromDir) === null, `${layer} → ${pkg}`).toBe(row.packages.includes(pkg));
        }
        expect(checkSpecifier('node:fs', layer, fromDir) === null, `${layer} → node:fs`).toBe(row.nodeBuiltins);
      }
    });

    it("accepts exactly the row's layers by relative path", () => {
      for (const from of restricted) {
        const row = layerTable[from];
        if (row.any) continue;
        for (const to of restricted) {
          const specifier = `${repoRoot}/${dirOf[to]}/some-module`;
          expect(checkSpecifier(specifier, from, `${repoRoot}/${dirOf[from]}`) === null, `${from} → ${to}`).toBe(row.imports.includes(to));
        }
      }
    });
  });

  describe("main/'s folder order", () => {
    it('lets a folder import lower-ranked folders and refuses the reverse, by relative path as the linter sees it', async () => {
      await expectAccepted(['main/hosting/tenant-service.ts', "import { DirectoryConnection } from '../directory/directory-connection';"]);
      await expectAccepted(['main/flavors/openldap/openldap-dialect.ts', "import { childDn } from '../../directory/dn';"]);
      await expectAccepted(['main/cli/enclave.ts', "import { createAppCore } from '../app/create-app-core';"]);
      await expectRefused(['main/hosting/tenant-service.ts', "import { openLdapFlavor } from '../flavors/openldap/openldap-flavor';"]);
      await expectRefused(['main/directory/dn.ts', "import type { HostingLayout } from '../hosting/hosting-layout';"]);
      await expectRefused(['main/policy/role-checks.ts', "import { JobRunner } from '../bulk/job-runner';"]);
      await expectRefused(['main/app/create-app-core.ts', "import { startBrowserHost } from '../host/browser-host';"]);
      // The key inventory reads the policy's roles and the hosting model, never a flavor module.
      await expectAccepted(['main/keys/keys-reach.ts', "import { cellFor } from '../policy/role-checks';"]);
      await expectAccepted(['main/app/handlers/keys-handlers.ts', "import { buildKeysReport } from '../../keys/keys-report';"]);
      await expectRefused(['main/keys/keys-report.ts', "import { openLdapFlavor } from '../flavors/openldap/openldap-flavor';"]);
      await expectRefused(['main/policy/role-checks.ts', "import { crossTenantReach } from '../keys/keys-reach';"]);
    });

    it('refuses imports between folders of the same rank, and folders missing from the order', async () => {
      const sameRank = await lintAs('main/bulk/import-job.ts', "import { buildQuotaReport } from '../quota/quota-report';", RULE);
      expect(sameRank[0]?.message).toContain('share a rank');
      const keysAndQuota = await lintAs('main/keys/keys-report.ts', "import { buildQuotaReport } from '../quota/quota-report';", RULE);
      expect(keysAndQuota[0]?.message).toContain('share a rank');
      const messages = await lintAs('main/gadgets/thing.ts', "import { childDn } from '../directory/dn';", RULE);
      expect(messages[0]?.message).toContain('main/gadgets/ is not in mainFolderOrder');
    });

    it('places every folder of main/ exactly once', async () => {
      const { readdir } = await import('node:fs/promises');
      const folders = (await readdir(`${repoRoot}/main`, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
      const placed = mainFolderOrder.flat();
      expect(new Set(placed).size).toBe(placed.length);
      for (const folder of folders) expect(placed, folder).toContain(folder);
      for (const from of folders) expect(folderOrderReason(from, from)).toBeNull();
    });
  });
});
