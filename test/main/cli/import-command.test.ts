/**
 * `enclave import` as an administrator runs it, on a real slapd: a file with headers nobody recognises is refused
 * naming every header and how to map them, `--map` maps it; a Windows-1252 Microsoft 365 file imported with
 * `--only-valid --json` reports total, valid, rejected, created, updated, unchanged and failed, and its report
 * lists the rejected rows with their column; the export, imported back, changes nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../harness/hosting-session';
import { startTestDirectory, type TestDirectory } from '../../harness/test-directory';
import { runEnclave } from './run-enclave';

let dir: TestDirectory;
let folder: string;

beforeAll(async () => {
  dir = await startTestDirectory();
  folder = await mkdtemp(path.join(tmpdir(), 'enclave-cli-import-'));
  await writeFile(path.join(folder, 'password'), dir.info.password);
  const session = await openSession(dir);
  try {
    await session.services.tenants.create({ name: 'Contoso', settings: { mailDomains: ['contoso.test'] } });
  } finally {
    await session.connection.dispose();
  }
});
afterAll(async () => {
  await dir?.stop();
  await rm(folder, { recursive: true, force: true });
});

const connection = () => ['--url', dir.info.url, '--bind-dn', dir.info.bindDN, '--password-file', path.join(folder, 'password'), '--journal', path.join(folder, 'journal.jsonl'), '--data', folder];
const fixture = (name: string) => path.resolve('test/fixtures/bulk', name);

describe('enclave import', () => {
  it('refuses headers it cannot map, naming each of them, and imports them with --map', async () => {
    const file = path.join(folder, 'hr-export.csv');
    await writeFile(file, 'Kennung;Vorname;Nachname;E-Post;Kennwort\r\nanna;Anna;Schmidt;anna@contoso.test;Sehr-Geheim-1\r\nbernd;Bernd;Weiß;bernd@contoso.test;Sehr-Geheim-2\r\n');
    const refused = await runEnclave(['import', '--tenant', 'Contoso', file, '--dry-run', ...connection()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('lacks the required columns "login", "surname", "primary address"');
    expect(refused.stderr).toContain('Headers in the file: "Kennung", "Vorname", "Nachname", "E-Post", "Kennwort"');
    expect(refused.stderr).toContain("--map 'login=HEADER,surname=HEADER,primary address=HEADER'");

    const map = ['--map', 'login=Kennung,given name=Vorname,surname=Nachname', '--map', 'primary address=E-Post,password=Kennwort'];
    const dry = await runEnclave(['import', '--tenant', 'Contoso', file, '--dry-run', '--json', ...map, ...connection()]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('Kennung → login');
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, total: 2, valid: 2, rejected: 0, counts: { create: 2 } });

    const run = await runEnclave(['import', '--tenant', 'Contoso', file, '--json', ...map, ...connection()]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'completed', total: 2, valid: 2, rejected: 0, created: 2, updated: 0, unchanged: 0, failed: 0 });
  }, 60_000);

  it('imports the valid rows of a Windows-1252 Microsoft 365 file and counts the rejected ones in the summary and the report', async () => {
    const all = await runEnclave(['import', '--tenant', 'Contoso', fixture('m365-users.cp1252.csv'), '--json', ...connection()]);
    expect(all.code).toBe(3);
    expect(JSON.parse(all.stdout)).toMatchObject({ written: false, total: 18, valid: 8, rejected: 10, created: 0 });

    const report = path.join(folder, 'm365-report.csv');
    const run = await runEnclave(['import', '--tenant', 'Contoso', fixture('m365-users.cp1252.csv'), '--only-valid', '--json', '--report', report, ...connection()]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'completed', total: 18, valid: 8, rejected: 10, created: 8, updated: 0, unchanged: 0, failed: 0, report });
    // The console shows the same: encoding, format, the mapping with every header, each rejected row with its column.
    expect(run.stderr).toContain('File: Microsoft 365 admin center ("Add multiple users" CSV); Windows-1252, separator ",".');
    expect(run.stderr).toContain('Warning: The file is not valid UTF-8 (byte 0x80 at offset 246, line 2)');
    expect(run.stderr).toContain('User Name → login (the part before @); primary address (the user name (the UPN) as it is)');
    expect(run.stderr).toContain('Address → ignored: the street address');
    expect(run.stderr).toMatch(/^6\s+eve\s+Last Name: "=HYPERLINK/m);
    const lines = (await readFile(report, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(19);
    expect(lines.filter((line) => /^\d+,[^,]*,rejected,/.test(line))).toHaveLength(10);
    // The report guards the hostile value it quotes, so a spreadsheet shows it instead of running it.
    expect(lines).toContain(`8,trent,rejected,,,"Last Name: ""-2+3"" starts with ""-"", which a spreadsheet would run as a formula (CSV injection): names may not start with = + - @",`);
    expect(lines).toContain('15,grace,rejected,,,Last Name: Last name is required,');
    expect(lines.find((line) => line.startsWith('2,chris,created,,'))).toMatch(/^2,chris,created,,[A-Za-z2-9-]{19},,$/);
  }, 60_000);

  it('exports the tenant and imports the export back without a change', async () => {
    const exported = path.join(folder, 'contoso.csv');
    const out = await runEnclave(['export', '--tenant', 'Contoso', exported, ...connection()]);
    expect(out.code).toBe(0);
    const again = await runEnclave(['import', '--tenant', 'Contoso', exported, '--mode', 'upsert', '--json', ...connection()]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ state: 'completed', total: 10, valid: 10, rejected: 0, created: 0, updated: 0, unchanged: 10, failed: 0 });
  }, 60_000);
});
