/**
 * Service accounts: the read-only directory accounts mail hosts (Dovecot, Postfix) bind as. They live apart from
 * staff (ou=services,ou=host), belong to the mail-services group that the access policy's mail-service role names,
 * and get a generated password that Enclave shows once and never stores (docs/mail-servers.md).
 */
import { z } from 'zod';
import { optionalNameField } from './fields';

/** A service account's name: its login (uid / sAMAccountName), so kept to what both flavors accept. */
export const serviceAccountNameField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,19}$/, 'Service account name: 1–20 characters, letters, digits, dot, dash or underscore, starting with a letter or digit (e.g. the mail host: mail1)');

export interface ServiceAccount {
  name: string;
  dn: string;
  description: string;
  /** When the directory created it (ISO 8601), when the server says. */
  createdAt: string | null;
  /** True when it is a member of the mail-services group (what gives it the mail-service role). */
  mailService: boolean;
}

export const createServiceAccountRequest = z.object({
  name: serviceAccountNameField,
  description: optionalNameField('Description', 256).default(''),
});
export type CreateServiceAccountRequest = z.infer<typeof createServiceAccountRequest>;

/** A new account and its generated password: the only time the password is ever shown. */
export interface CreatedServiceAccount {
  account: ServiceAccount;
  password: string;
}

export const serviceAccountRef = z.object({ name: serviceAccountNameField });
