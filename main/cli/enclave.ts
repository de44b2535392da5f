/**
 * Headless entry: `npm run enclave -- COMMAND [options]`. The same main-process services as the console,
 * for scripting and checks. Results on stdout; errors on stderr with a non-zero exit.
 */
import { toEnclaveError } from '../directory/ldap-errors';
import { parseCli } from './cli-options';
import { verifyIsolationCommand } from './verify-isolation-command';
import { mailboxesCommand, tenantsCommand, type Output } from './commands';
import { sandboxCommand } from './sandbox-command';
import { runInAuditContext } from '../audit/audit-context';
import { auditCommand } from './audit-commands';
import { quotaCommand } from './quota-commands';
import { exportCommand } from './export-command';
import { importCommand, importTemplateCommand } from './import-command';
import { finishPrimaryGroupsCommand } from './finish-primary-groups-command';

const help = `Usage: npm run enclave -- COMMAND [options]

Commands:
  sandbox [--data DIR] [--fresh]   run the embedded sandbox directory; prints {"url","bindDN","password","suffix"}
  sandbox --flavor ad              the same on a private Samba AD DC (root + samba-ad-dc); adds "caFile","tlsServerName"
  tenants                          list tenants with their mailbox counts
  mailboxes --tenant NAME          list a tenant's mailboxes (paged from the server)
  quota report [--tenant NAME]     pool, allocated, mailbox count, limit and overcommit per tenant
  audit list [--tenant T] [--since ISO] [--until ISO] [--source console|server|both] [--limit N]
                                   the console's journal and the server's log, newest first, as far as the
                                   bound identity may read them (needs a connection)
  audit verify [--journal FILE]    check the journal's hash chain and, with a connection, its checkpoints in the
                                   directory (dropped tail, rollback, re-chained edit); exits 3 naming the break
  import --tenant NAME FILE.csv [--mode create|upsert] [--dry-run] [--only-valid] [--report OUT.csv]
                                   bulk-import mailboxes: validates every row first (all or nothing unless
                                   --only-valid), then runs a resumable job; exits 3 on rejected or failed rows,
                                   4 when the job did not finish (docs/bulk-import.md)
  import --resume JOB              finish an interrupted, paused or cancelled import job
  import-template FILE.csv         write the import template (every column, two example rows)
  export --tenant NAME FILE.csv    a tenant's mailboxes in the import columns ("-" for stdout)
  verify-isolation                 probe tenant isolation as temporary principals of every role (bind as a host
                                   admin with --url/--bind-dn); exits 1 when any probe gets an unexpected answer
  finish-primary-groups [--dry-run]
                                   Active Directory, as a host admin: take the mailboxes tenant admins created out
                                   of Domain Users (all-users becomes their primary group); exits 1 when one fails

Connection (every command but sandbox):
  --url URL (repeat for fallbacks)  --bind-dn DN  --password-file FILE (or $ENCLAVE_PASSWORD)
  --tls-mode ldaps|starttls|none    --ca-file PEM  --tls-server-name NAME  --base-dn DN
  --response-timeout SECONDS        how long a server may stay silent before the next URL is tried (default 5)
  --profile NAME                    a connection saved in the console (--data DIR selects its data folder)

Audit: every write a command makes is journaled first, in --journal FILE (default DATA/audit/journal.jsonl,
  DATA = --data or $ENCLAVE_DATA_DIR); when the journal cannot be written, nothing is changed.

Output: a table, or JSON with --json.`;

// A command may return its exit status (audit verify does); the rest get 0. `args` are the words after its name.
const commands: Record<string, (values: ReturnType<typeof parseCli>['values'], out: Output, args: string[]) => Promise<void | number>> = {
  sandbox: sandboxCommand,
  tenants: tenantsCommand,
  mailboxes: mailboxesCommand,
  quota: quotaCommand,
  audit: auditCommand,
  'verify-isolation': verifyIsolationCommand,
  import: importCommand,
  'import-template': importTemplateCommand,
  export: exportCommand,
  'finish-primary-groups': finishPrimaryGroupsCommand,
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    process.stderr.write(`enclave: ${(error as Error).message}\n\n${help}\n`);
    return 2;
  }
  const [name] = parsed.positionals;
  if (parsed.values.help || !name) {
    process.stdout.write(`${help}\n`);
    return name || parsed.values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`enclave: unknown command "${name}"\n\n${help}\n`);
    return 2;
  }
  try {
    const status = await runInAuditContext({ operation: `cli ${name}`, tenant: parsed.values.tenant ?? null }, () =>
      command(parsed.values, (text) => process.stdout.write(`${text}\n`), parsed.positionals.slice(1)),
    );
    return typeof status === 'number' ? status : 0;
  } catch (error) {
    const mapped = toEnclaveError(error);
    if (parsed.values.json) process.stderr.write(`${JSON.stringify({ error: mapped })}\n`);
    else process.stderr.write(`enclave: ${mapped.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
