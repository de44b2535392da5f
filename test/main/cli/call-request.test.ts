import { describe, expect, it } from 'vitest';
import { findCallCommand, type CallCommand } from '../../../main/cli/call-commands';
import { buildCallRequest, parseSize, setPath, type TextReader } from '../../../main/cli/call-request';
import { UsageFailure } from '../../../main/cli/cli-exit';

const command = (words: string[]): CallCommand => {
  const found = findCallCommand(words);
  if (!found) throw new Error(`no command ${words.join(' ')}`);
  return found;
};
const files = (contents: Record<string, string>): TextReader => async (file) => {
  const text = contents[file];
  if (text === undefined) throw new Error(`ENOENT: ${file}`);
  return text;
};
const usageMessage = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageFailure);
  return (error as UsageFailure).message;
};

describe('buildCallRequest()', () => {
  it('maps flags onto the request: sizes with units, repeated values, nested fields, switches', async () => {
    const request = await buildCallRequest(command(['tenant', 'create']), { tenant: 'Acme', domain: ['acme.test', 'acme.example'], pool: '1.5 TiB', 'mailbox-limit': '40', 'default-quota': '500MB', 'allow-overcommit': true }, []);
    expect(request).toEqual({ name: 'Acme', settings: { mailDomains: ['acme.test', 'acme.example'], storagePoolBytes: 1.5 * 2 ** 40, mailboxLimit: 40, defaultQuotaBytes: 500 * 2 ** 20, allowOvercommit: true } });
  });

  it('turns "none" and "unlimited" into null, and an empty repeated value into an empty list', async () => {
    const request = await buildCallRequest(command(['mailbox', 'update']), { tenant: 'Acme', login: 'ann', quota: 'unlimited', alias: [''], 'no-hidden': true }, []);
    expect(request).toEqual({ tenant: 'Acme', login: 'ann', changes: { quotaBytes: null, aliases: [], hiddenFromAddressBook: false } });
    const group = await buildCallRequest(command(['list', 'update']), { tenant: 'Acme', name: 'Sales', address: 'none' }, []);
    expect(group).toEqual({ tenant: 'Acme', name: 'Sales', kind: 'distribution', changes: { address: null } });
  });

  it('lays the flags over --json-input and the command\'s fixed fields over both', async () => {
    const read = files({ 'req.json': JSON.stringify({ tenant: 'Acme', name: 'Ops', kind: 'distribution', description: 'from JSON', members: ['ann'] }) });
    const request = await buildCallRequest(command(['group', 'create']), { 'json-input': 'req.json', description: 'from a flag' }, [], read);
    expect(request).toEqual({ tenant: 'Acme', name: 'Ops', kind: 'security', description: 'from a flag', members: ['ann'] });
  });

  it('reads a secret from a file without its final line break, else from its environment variable', async () => {
    const fromFile = await buildCallRequest(command(['mailbox', 'set-password']), { tenant: 'Acme', login: 'ann', 'new-password-file': 'pw' }, [], files({ pw: 'Secret-1 with spaces\n' }));
    expect(fromFile['password']).toBe('Secret-1 with spaces');
    process.env['ENCLAVE_NEW_PASSWORD'] = 'From-Env-1';
    try {
      expect((await buildCallRequest(command(['mailbox', 'set-password']), { tenant: 'Acme', login: 'ann' }, []))['password']).toBe('From-Env-1');
    } finally {
      delete process.env['ENCLAVE_NEW_PASSWORD'];
    }
  });

  it('applies defaults only where nothing was given', async () => {
    expect((await buildCallRequest(command(['mailboxes']), { tenant: 'Acme' }, []))['pageSize']).toBe(500);
    expect((await buildCallRequest(command(['mailboxes']), { tenant: 'Acme', 'page-size': '7' }, []))['pageSize']).toBe(7);
  });

  it('leaves judging values to the contract: negative counts and zero sizes pass through', async () => {
    const request = await buildCallRequest(command(['tenant', 'update']), { tenant: 'Acme', 'mailbox-limit': '-1', 'default-quota': '0' }, []);
    expect(request).toEqual({ tenant: 'Acme', changes: { mailboxLimit: -1, defaultQuotaBytes: 0 } });
  });

  it('refuses what it cannot turn into a request (usage errors)', async () => {
    expect(await usageMessage(buildCallRequest(command(['tenant', 'create']), { tenant: 'Acme' }, []))).toBe('tenant create needs --domain (or "settings.mailDomains" in --json-input). See: enclave help tenant create');
    expect(await usageMessage(buildCallRequest(command(['tenant', 'update']), { tenant: 'Acme', pool: 'big' }, []))).toMatch(/^--pool: "big" is not a size/);
    expect(await usageMessage(buildCallRequest(command(['tenant', 'update']), { tenant: 'Acme', 'mailbox-limit': '1e3' }, []))).toBe('--mailbox-limit: "1e3" is not a whole number.');
    expect(await usageMessage(buildCallRequest(command(['tenant', 'update']), { 'json-input': 'bad.json' }, [], files({ 'bad.json': '{"tenant":' })))).toMatch(/^--json-input: bad.json is not JSON/);
    expect(await usageMessage(buildCallRequest(command(['tenant', 'update']), { 'json-input': 'list.json' }, [], files({ 'list.json': '[]' })))).toBe('--json-input: the request must be one JSON object ({…}).');
    expect(await usageMessage(buildCallRequest(command(['mailbox', 'set-password']), { 'json-input': '-', 'new-password-file': '-' }, []))).toBe('Only one of --json-input and --new-password-file can read stdin ("-").');
    expect(await usageMessage(buildCallRequest(command(['tenants']), {}, ['extra']))).toMatch(/^tenants takes no word "extra"/);
    expect(await usageMessage(buildCallRequest(command(['search']), {}, []))).toBe('search needs QUERY (or "query" in --json-input). See: enclave help search');
  });

  it('takes a positional word', async () => {
    expect(await buildCallRequest(command(['search']), { limit: '5' }, ['müller'])).toEqual({ query: 'müller', limit: 5 });
  });
});

describe('parseSize()', () => {
  it('counts every unit spelling in 1024s, as mail servers and the import do', () => {
    const flag = { name: 'quota' };
    expect([parseSize(flag, '1073741824'), parseSize(flag, '1G'), parseSize(flag, '1GB'), parseSize(flag, '1 GiB'), parseSize(flag, '1,5 gib'), parseSize(flag, '512KiB')]).toEqual([2 ** 30, 2 ** 30, 2 ** 30, 2 ** 30, 1.5 * 2 ** 30, 512 * 1024]);
  });
});

describe('setPath()', () => {
  it('creates the objects on the way and replaces a non-object', () => {
    const target: Record<string, unknown> = { changes: 'oops' };
    setPath(target, 'changes.quotaBytes', 5);
    setPath(target, 'a.b.c', true);
    expect(target).toEqual({ changes: { quotaBytes: 5 }, a: { b: { c: true } } });
  });
});
