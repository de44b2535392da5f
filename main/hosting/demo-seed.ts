/**
 * Demo content for a new sandbox: three tenants (one name with DN metacharacters, one with non-ASCII),
 * 20 mailboxes each, a security group and a distribution list per tenant. Written through the same
 * services the console uses, so the demo data is exactly what the console itself would create.
 */
import { randomBytes } from 'node:crypto';
import type { HostingServices } from './hosting-services';

export interface DemoTenant {
  name: string;
  displayName: string;
  domain: string;
}

/** The demo tenants. */
export const demoTenants: DemoTenant[] = [
  { name: 'Acme', displayName: 'Acme Corporation', domain: 'acme.test' },
  { name: 'Globex, Inc.', displayName: 'Globex Inc.', domain: 'globex.test' },
  { name: 'Müller & Söhne', displayName: 'Müller & Söhne GmbH', domain: 'mueller-soehne.test' },
];

const givenNames = ['Ada', 'Björn', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Gustav', 'Hana', 'Iñigo', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Søren', 'Tomás'];
const surnames = ['Lovelace', 'Østergaard', 'Dubois', "O'Neill", 'Yilmaz', 'Haddad', 'Strand', 'Kobayashi', 'Zubiri', 'Chen', 'Mensah', 'Vogel', 'Rivera', 'Petrova', 'Lund', 'Sharma', 'Moreau', 'Costa', 'Kierkegaard', 'Núñez'];

/** Mailboxes per demo tenant. */
export const demoMailboxesPerTenant = 20;

const gib = 2 ** 30;

/** ASCII login from a display name: "Chloé Dubois" → "chloe.dubois". */
function loginFor(given: string, surname: string): string {
  // Ø ø, Æ æ, ß spelled as escapes: the CLI's bundled script stays ASCII, which it is read fastest as (compile-cache.ts).
  const ascii = (s: string) => s.replace(/[\u00d8\u00f8]/g, 'o').replace(/[\u00c6\u00e6]/g, 'ae').replace(/\u00df/g, 'ss').normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${ascii(given)}.${ascii(surname)}`.slice(0, 20);
}

/** Seeds the demo tenants; every mailbox gets a random password nobody knows (reset it to sign in). */
export async function seedDemo(services: HostingServices): Promise<void> {
  for (const [tenantIndex, tenant] of demoTenants.entries()) {
    await services.tenants.create({
      name: tenant.name,
      settings: {
        displayName: tenant.displayName,
        mailDomains: [tenant.domain],
        storagePoolBytes: 100 * gib,
        mailboxLimit: 500,
        defaultQuotaBytes: 2 * gib,
        allowOvercommit: false,
      },
    });
    const logins: string[] = [];
    for (let i = 0; i < demoMailboxesPerTenant; i++) {
      const given = givenNames[(i + tenantIndex * 7) % givenNames.length] ?? 'Demo';
      const surname = surnames[(i * 3 + tenantIndex) % surnames.length] ?? 'User';
      const login = `${loginFor(given, surname).slice(0, 17)}${tenantIndex}`;
      const local = loginFor(given, surname);
      await services.mailboxes.create({
        tenant: tenant.name,
        login,
        givenName: given,
        surname,
        displayName: `${given} ${surname}`,
        primaryAddress: `${local}@${tenant.domain}`,
        aliases: i % 4 === 0 ? [`${given.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}@${tenant.domain}`] : [],
        quotaBytes: (1 + (i % 5)) * gib,
        hiddenFromAddressBook: false,
        password: `${randomBytes(12).toString('base64url')}aA1!`,
        enabled: i % 9 !== 8,
        groups: [],
      });
      logins.push(login);
    }
    await services.groups.create({ tenant: tenant.name, kind: 'security', name: 'Staff', description: 'All permanent staff', address: null, members: logins.slice(0, 12) });
    await services.groups.create({ tenant: tenant.name, kind: 'distribution', name: 'Sales', description: 'Sales team', address: `sales@${tenant.domain}`, members: logins.slice(10, 16) });
    await services.groups.addMembers({ tenant: tenant.name, kind: 'security', name: 'tenant-admins' }, [logins[0] ?? '']);
  }
}
