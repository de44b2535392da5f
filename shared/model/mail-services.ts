/**
 * Per-tenant mail service settings (issue 18): which services a tenant's mailboxes may use and the largest
 * message they receive. Stored on the tenant; a mailbox follows its tenant unless it overrides a setting. The
 * mail servers resolve "the mailbox's own value, else its tenant's" themselves (docs/mail-servers.md), so
 * changing a tenant's settings writes the tenant entry and nothing else.
 */
import { z } from 'zod';
import { byteSizeField } from './fields';

/** The switchable services, by the name the directory stores (Dovecot's service names for imap and pop3). */
export const mailServiceNames = ['imap', 'pop3', 'external-forwarding'] as const;
export type MailServiceName = (typeof mailServiceNames)[number];

/** The model's key for each service. */
export const mailServiceKeys = { imap: 'imap', pop3: 'pop3', 'external-forwarding': 'externalForwarding' } as const satisfies Record<MailServiceName, string>;
export type MailServiceKey = (typeof mailServiceKeys)[MailServiceName];

/** For people: what each switch means. */
export const mailServiceLabels: Record<MailServiceKey, string> = {
  imap: 'IMAP',
  pop3: 'POP3',
  externalForwarding: 'Sending outside the hosted domains',
};

/** A message size limit in bytes: at least 1 KiB (a smaller one would refuse every message). */
export const messageSizeField = byteSizeField.min(1024, 'A message size limit is at least 1 KiB; leave it empty for no limit');

/** What a tenant allows its mailboxes. */
export const tenantMailServicesSchema = z.object({
  imap: z.boolean(),
  pop3: z.boolean(),
  externalForwarding: z.boolean(),
  /** Largest message its mailboxes receive; null: no limit. */
  maxMessageBytes: messageSizeField.nullable(),
});
export type TenantMailServices = z.infer<typeof tenantMailServicesSchema>;

/** What a tenant allows when nothing was set: everything, no size limit (what the directory holds then). */
export const defaultTenantMailServices: TenantMailServices = { imap: true, pop3: true, externalForwarding: true, maxMessageBytes: null };

/** A mailbox's own choice for one service: follow its tenant, or allow or refuse it whatever the tenant says. */
export const serviceOverrides = ['inherit', 'allow', 'deny'] as const;
export type ServiceOverride = (typeof serviceOverrides)[number];

/** A mailbox's overrides. */
export const mailboxMailServicesSchema = z.object({
  imap: z.enum(serviceOverrides),
  pop3: z.enum(serviceOverrides),
  externalForwarding: z.enum(serviceOverrides),
  /** null: its tenant's limit; 0: no limit whatever the tenant says; else its own limit. */
  maxMessageBytes: z.union([z.literal(0), messageSizeField]).nullable(),
});
export type MailboxMailServices = z.infer<typeof mailboxMailServicesSchema>;

/** A mailbox that follows its tenant in everything. */
export const inheritedMailServices: MailboxMailServices = { imap: 'inherit', pop3: 'inherit', externalForwarding: 'inherit', maxMessageBytes: null };

/** What applies to a mailbox: its overrides laid over its tenant's settings. */
export function effectiveMailServices(tenant: TenantMailServices, mailbox: MailboxMailServices): TenantMailServices {
  const pick = (key: Exclude<MailServiceKey, never>) => (mailbox[key] === 'inherit' ? tenant[key] : mailbox[key] === 'allow');
  const size = mailbox.maxMessageBytes === null ? tenant.maxMessageBytes : mailbox.maxMessageBytes === 0 ? null : mailbox.maxMessageBytes;
  return { imap: pick('imap'), pop3: pick('pop3'), externalForwarding: pick('externalForwarding'), maxMessageBytes: size };
}

/** The stored values of a tenant's settings: the services it refuses. */
export const deniedServicesOf = (services: Pick<TenantMailServices, MailServiceKey>): MailServiceName[] =>
  mailServiceNames.filter((name) => !services[mailServiceKeys[name]]);

/** A tenant's settings from the services it refuses and its size limit. */
export function tenantServicesFrom(denied: readonly string[], maxMessageBytes: number | null): TenantMailServices {
  const refused = new Set(denied.map((value) => value.toLowerCase()));
  return { imap: !refused.has('imap'), pop3: !refused.has('pop3'), externalForwarding: !refused.has('external-forwarding'), maxMessageBytes: maxMessageBytes === 0 ? null : maxMessageBytes };
}

/** A mailbox's overrides from the services it is explicitly allowed and refused, and its size value. */
export function mailboxServicesFrom(allowed: readonly string[], denied: readonly string[], maxMessageBytes: number | null): MailboxMailServices {
  const allow = new Set(allowed.map((value) => value.toLowerCase()));
  const deny = new Set(denied.map((value) => value.toLowerCase()));
  // A refusal wins when both are stored (another tool wrote both), as in the generated mail configuration, which
  // checks the mailbox's refusal before its allowance.
  const one = (name: MailServiceName): ServiceOverride => (deny.has(name) ? 'deny' : allow.has(name) ? 'allow' : 'inherit');
  return { imap: one('imap'), pop3: one('pop3'), externalForwarding: one('external-forwarding'), maxMessageBytes };
}

/** The stored values of a mailbox's overrides. */
export function mailboxServiceValues(services: MailboxMailServices): { allowed: MailServiceName[]; denied: MailServiceName[] } {
  return {
    allowed: mailServiceNames.filter((name) => services[mailServiceKeys[name]] === 'allow'),
    denied: mailServiceNames.filter((name) => services[mailServiceKeys[name]] === 'deny'),
  };
}
