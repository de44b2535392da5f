/**
 * `service-account create|list|remove`: the mail hosts' read-only directory accounts (docs/mail-servers.md), through
 * the console's own calls (createServiceAccount, listServiceAccounts, deleteServiceAccount) and dispatcher, so the
 * role check, the validation and the journal are the console's. The generated password is shown once: on stdout,
 * or only in the file --password-out names (created new, mode 0600, before the account exists).
 */
import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { failure } from '../../shared/errors';
import type { CreatedServiceAccount, ServiceAccount } from '../../shared/model/service-accounts';
import { openCliCore, type CliCore } from './cli-core';
import { usageFailure } from './cli-exit';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { renderTable } from './table';

const verbs = ['create', 'list', 'remove'] as const;

export async function serviceAccountCommand(values: CliValues, out: Output, args: string[]): Promise<number> {
  const verb = args[0];
  if (!verbs.includes(verb as (typeof verbs)[number])) throw usageFailure(`service-account needs one of ${verbs.join(', ')} (got ${verb === undefined ? 'nothing' : `"${verb}"`}). enclave help service-account`);
  if (verb !== 'list' && !values.name) throw usageFailure(`service-account ${verb} needs --name NAME.`, [{ path: ['name'], message: 'required' }]);
  // The password file exists before the account does: a file that cannot be written never leaves an account
  // whose password nobody saw.
  const file = verb === 'create' && values['password-out'] ? await createSecretFile(values['password-out']) : null;
  let core: CliCore | null = null;
  try {
    core = await openCliCore(values, { feature: 'hosting', connect: true });
    if (verb === 'list') {
      const accounts = (await call(core, 'listServiceAccounts', {})) as ServiceAccount[];
      out(values.json ? JSON.stringify(accounts) : renderAccounts(accounts));
    } else if (verb === 'remove') {
      await call(core, 'deleteServiceAccount', { name: values.name });
      out(values.json ? JSON.stringify({ removed: values.name }) : `Removed the service account "${values.name}": it can no longer bind.`);
    } else {
      const created = (await call(core, 'createServiceAccount', { name: values.name, description: values.description ?? '' })) as CreatedServiceAccount;
      if (file) {
        await file.handle.writeFile(created.password, 'utf8');
        await file.handle.close();
        file.closed = true;
      }
      const shown = file ? { account: created.account, passwordFile: file.path } : created;
      out(values.json ? JSON.stringify(shown) : renderCreated(created, file?.path ?? null));
    }
    return 0;
  } catch (error) {
    if (file && !file.closed) {
      await file.handle.close();
      await rm(file.path, { force: true });
    }
    throw error;
  } finally {
    await core?.dispose();
  }
}

async function call(core: CliCore, name: string, request: unknown): Promise<unknown> {
  const result = await core.dispatch(name, request);
  if (!result.ok) throw failure(result.error);
  return result.value;
}

/** A new file only this user may read; refuses to replace an existing one (it may hold another secret). */
async function createSecretFile(path: string): Promise<{ path: string; handle: FileHandle; closed: boolean }> {
  try {
    const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    return { path, handle, closed: false };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageFailure(code === 'EEXIST' ? `--password-out: ${path} already exists; name a new file (it is never overwritten).` : `--password-out: cannot create ${path}: ${(error as Error).message}`);
  }
}

function renderAccounts(accounts: ServiceAccount[]): string {
  if (accounts.length === 0) return 'No service accounts. Create one for each mail host: enclave service-account create --name mail1 --password-out FILE';
  return renderTable(
    ['NAME', 'MAIL SERVICE', 'CREATED', 'DN', 'DESCRIPTION'],
    accounts.map((a) => [a.name, a.mailService ? 'yes' : 'NO (not in mail-services)', a.createdAt ?? '-', a.dn, a.description]),
  );
}

function renderCreated(created: CreatedServiceAccount, file: string | null): string {
  const where = file === null ? `Password (shown once, Enclave keeps no copy): ${created.password}` : `Password written to ${file} (mode 0600); it is not shown and Enclave keeps no copy.`;
  return [`Created the service account "${created.account.name}": ${created.account.dn}`, where, `Next: enclave mail-config --server dovecot --out DIR --service-account ${created.account.name} --service-password-file ${file ?? 'FILE'}`].join('\n');
}
