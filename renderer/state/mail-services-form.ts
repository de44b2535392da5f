/**
 * The mail service forms: a tenant's switches and size limit (tenant settings), a mailbox's overrides (mailbox
 * editor). Sizes are typed in MiB; an empty tenant size means no limit. Checked with the contract's schemas.
 */
import {
  effectiveMailServices,
  mailboxMailServicesSchema,
  mailServiceLabels,
  tenantMailServicesSchema,
  type MailboxMailServices,
  type MailServiceKey,
  type ServiceOverride,
  type TenantMailServices,
} from '../../shared/model/mail-services';
import { formatBytes } from '../format/format-bytes';

const mib = 2 ** 20;
export const serviceKeys: readonly MailServiceKey[] = ['imap', 'pop3', 'externalForwarding'];

export interface TenantServicesForm {
  imap: boolean;
  pop3: boolean;
  externalForwarding: boolean;
  /** Largest message in MiB; empty: no limit. */
  maxMessageMiB: string;
}

const mibText = (bytes: number | null): string => (bytes === null ? '' : String(Math.round((bytes / mib) * 1000) / 1000));

/** MiB as typed → bytes; null for empty; a message when it is not a size. */
function parseMiB(text: string): { ok: true; bytes: number | null } | { ok: false; message: string } {
  const value = text.trim().replace(',', '.');
  if (value === '') return { ok: true, bytes: null };
  if (!/^\d+(\.\d+)?$/.test(value)) return { ok: false, message: 'Enter a size in MiB, e.g. 25 or 0.5' };
  return { ok: true, bytes: Math.round(Number(value) * mib) };
}

export function tenantServicesFormFrom(services: TenantMailServices): TenantServicesForm {
  return { imap: services.imap, pop3: services.pop3, externalForwarding: services.externalForwarding, maxMessageMiB: mibText(services.maxMessageBytes) };
}

export function checkTenantServices(form: TenantServicesForm): { services: TenantMailServices | null; issue: string | undefined } {
  const size = parseMiB(form.maxMessageMiB);
  if (!size.ok) return { services: null, issue: size.message };
  const parsed = tenantMailServicesSchema.safeParse({ imap: form.imap, pop3: form.pop3, externalForwarding: form.externalForwarding, maxMessageBytes: size.bytes });
  return parsed.success ? { services: parsed.data, issue: undefined } : { services: null, issue: parsed.error.issues[0]?.message ?? 'Invalid' };
}

/** The settings that differ, for an update that changes nothing else. */
export function changedTenantServices(current: TenantMailServices, next: TenantMailServices): Partial<TenantMailServices> {
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => current[key as keyof TenantMailServices] !== value)) as Partial<TenantMailServices>;
}

export type SizeChoice = 'inherit' | 'none' | 'own';

export interface MailboxServicesForm {
  imap: ServiceOverride;
  pop3: ServiceOverride;
  externalForwarding: ServiceOverride;
  size: SizeChoice;
  maxMessageMiB: string;
}

export function mailboxServicesFormFrom(services: MailboxMailServices): MailboxServicesForm {
  const size: SizeChoice = services.maxMessageBytes === null ? 'inherit' : services.maxMessageBytes === 0 ? 'none' : 'own';
  return { imap: services.imap, pop3: services.pop3, externalForwarding: services.externalForwarding, size, maxMessageMiB: size === 'own' ? mibText(services.maxMessageBytes) : '' };
}

export function checkMailboxServices(form: MailboxServicesForm): { services: MailboxMailServices | null; issue: string | undefined } {
  let bytes: number | null = form.size === 'inherit' ? null : 0;
  if (form.size === 'own') {
    const size = parseMiB(form.maxMessageMiB);
    if (!size.ok) return { services: null, issue: size.message };
    if (size.bytes === null) return { services: null, issue: 'Give the size, or choose "Its tenant’s limit" or "No limit"' };
    bytes = size.bytes;
  }
  const parsed = mailboxMailServicesSchema.safeParse({ imap: form.imap, pop3: form.pop3, externalForwarding: form.externalForwarding, maxMessageBytes: bytes });
  return parsed.success ? { services: parsed.data, issue: undefined } : { services: null, issue: parsed.error.issues[0]?.message ?? 'Invalid' };
}

export function changedMailboxServices(current: MailboxMailServices, next: MailboxMailServices): Partial<MailboxMailServices> {
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => current[key as keyof MailboxMailServices] !== value)) as Partial<MailboxMailServices>;
}

/** What applies to the mailbox, in words: "IMAP: allowed (its tenant's setting)". */
export function effectiveServiceLines(tenant: TenantMailServices, mailbox: MailboxMailServices): string[] {
  const effective = effectiveMailServices(tenant, mailbox);
  const from = (own: boolean) => (own ? 'its own setting' : 'its tenant’s setting');
  const size = effective.maxMessageBytes === null ? 'no limit' : formatBytes(effective.maxMessageBytes);
  return [
    ...serviceKeys.map((key) => `${mailServiceLabels[key]}: ${effective[key] ? 'allowed' : 'refused'} (${from(mailbox[key] !== 'inherit')})`),
    `Largest message: ${size} (${from(mailbox.maxMessageBytes !== null)})`,
  ];
}
