/**
 * Headless entry: `npm run enclave -- COMMAND [options]`. The same main-process services as the console,
 * for scripting and checks. Results on stdout; errors on stderr with a non-zero exit.
 */
import { toEnclaveError } from '../directory/ldap-errors';
import { parseCli } from './cli-options';
import { mailboxesCommand, sandboxCommand, tenantsCommand, type Output } from './commands';

const help = `Usage: npm run enclave -- COMMAND [options]

Commands:
  sandbox [--data DIR] [--fresh]   run the embedded sandbox directory; prints {"url","bindDN","password","suffix"}
  tenants                          list tenants with their mailbox counts
  mailboxes --tenant NAME          list a tenant's mailboxes (paged from the server)

Connection (every command but sandbox):
  --url URL (repeat for fallbacks)  --bind-dn DN  --password-file FILE (or $ENCLAVE_PASSWORD)
  --tls-mode ldaps|starttls|none    --ca-file PEM  --tls-server-name NAME  --base-dn DN
  --profile NAME                    a connection saved in the console (--data DIR selects its data folder)

Output: a table, or JSON with --json.`;

const commands: Record<string, (values: ReturnType<typeof parseCli>['values'], out: Output) => Promise<void>> = {
  sandbox: sandboxCommand,
  tenants: tenantsCommand,
  mailboxes: mailboxesCommand,
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
    await command(parsed.values, (text) => process.stdout.write(`${text}\n`));
    return 0;
  } catch (error) {
    const mapped = toEnclaveError(error);
    if (parsed.values.json) process.stderr.write(`${JSON.stringify({ error: mapped })}\n`);
    else process.stderr.write(`enclave: ${mapped.message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
