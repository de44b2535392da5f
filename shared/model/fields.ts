/**
 * Field schemas shared by every form, the IPC contract and the CLI, so a value is judged the same way
 * everywhere. Names may hold any printable character (DN metacharacters included: the directory layer
 * escapes them); logins, domains and addresses are restricted to what mail systems accept.
 */
import { z } from 'zod';

// Control characters never belong in a directory value and break LDIF/CSV exports.
export const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

/** A display-style name: tenant, group, person. Any printable characters, trimmed. */
export const displayNameField = (label: string, max = 128) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} is at most ${max} characters`)
    .refine(noControlCharacters, `${label} must not contain control characters`);

/** An optional free-text name; empty means "not set". */
export const optionalNameField = (label: string, max = 128) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters`)
    .refine(noControlCharacters, `${label} must not contain control characters`);

/** The tenant's name, which is also its OU in the directory. */
export const tenantNameField = displayNameField('Tenant name', 64);

const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** A DNS mail domain, lower-cased (IDNs in their xn-- form). */
export const mailDomainField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(domainPattern, 'Mail domain must be a DNS name such as example.com');

const localPartPattern = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/** Splits an address into local part and domain, or null when it is not an address. */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** True when `address` is syntactically a mail address (after lower-casing). */
export function isMailAddress(address: string): boolean {
  const parts = splitAddress(address);
  return (
    parts !== null &&
    parts.local.length <= 64 &&
    localPartPattern.test(parts.local) &&
    domainPattern.test(parts.domain)
  );
}

/** A mail address, lower-cased: hosting treats addresses case-insensitively, as the directory does. */
export const mailAddressField = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isMailAddress, 'Not a valid mail address (expected name@domain)');

/** The domain part of an address that already passed `mailAddressField`. */
export const domainOf = (address: string): string => splitAddress(address)?.domain ?? '';

/** What a login name may be, once trimmed and lower-cased (loginNameField). */
export const loginNamePattern = /^[a-z0-9][a-z0-9._-]{0,19}$/;

/**
 * A login name (uid on OpenLDAP, sAMAccountName on Active Directory). Kept to what both accept, and
 * at most 20 characters because that is AD's sAMAccountName limit.
 */
export const loginNameField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(loginNamePattern, 'Login name: 1–20 characters, letters, digits, dot, dash or underscore, starting with a letter or digit');

/** A size in bytes; null means "no value set". */
export const byteSizeField = z
  .number()
  .int('Sizes are whole bytes')
  .min(0, 'Sizes cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'Size is too large');

/** A mailbox quota in bytes. Never 0: directories store "unlimited" as 0 (Dovecot's convention); unlimited is null. */
export const mailboxQuotaField = byteSizeField.min(1, 'A quota is at least 1 byte; leave it empty for unlimited');

/** A count such as a mailbox limit. */
export const countField = z.number().int('Must be a whole number').min(0, 'Cannot be negative').max(10_000_000);

/** The longest password a form or file may give. */
export const passwordMaxLength = 256;

/** A password as typed; the server's policy decides the rest. */
export const passwordField = z
  .string()
  .min(1, 'Password is required')
  .max(passwordMaxLength, 'Password is at most 256 characters');
