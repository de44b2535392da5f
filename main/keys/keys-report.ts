/**
 * The keys report: one streamed read of every certificate holder the identity can see (keys-inventory.ts), an
 * index of which tenants hold which certificate, key and CA, then each tenant's findings. With `tenant`, only
 * that tenant's mailboxes are kept in memory and reported; the others still feed the cross-tenant index.
 */
import { failure } from '../../shared/errors';
import type { CertificateFindingKind, KeysReport, MailboxCertificates, TenantKeys } from '../../shared/model/keys';
import type { HostingContext } from '../hosting/hosting-context';
import { issuerUses, KeyIndex, mailboxFindings, sharedCertificateFindings, sharedIssuerFindings, sortFindings } from './keys-findings';
import { certificatePages } from './keys-inventory';
import { uncheckedFor, type CrossTenantReach } from './keys-reach';

export interface KeysReportOptions {
  /** One tenant only (the cross-tenant checks still read every tenant the identity may read). */
  tenant?: string;
  expiringWithinDays: number;
  /** Whether the bound identity reads other tenants (keys-reach.ts). */
  reach: CrossTenantReach;
  /** "Now" for expiry, in ms (tests pin it). */
  now?: number;
}

export async function buildKeysReport(context: HostingContext, options: KeysReportOptions): Promise<KeysReport> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const { connection, dialect } = context;
  const { layout } = dialect;
  const wanted = options.tenant?.toLowerCase() ?? null;
  if (options.tenant !== undefined && (await connection.read(layout.tenantDn(options.tenant), ['1.1'])) === null) {
    throw failure({ kind: 'not-found', target: options.tenant, message: `There is no tenant "${options.tenant}" (or this account cannot see it).` });
  }
  // A role confined to its tenant sees nothing of the others: read its tenant alone.
  const base = options.tenant !== undefined && options.reach.kind === 'own' ? layout.tenantDn(options.tenant) : layout.tenantsDn;

  const index = new KeyIndex();
  const kept = new Map<string, MailboxCertificates[]>();
  let mailboxesRead = 0;
  for await (const page of certificatePages(context, base)) {
    for (const mailbox of page) {
      mailboxesRead += 1;
      index.addMailbox(mailbox);
      if (wanted !== null && mailbox.tenant.toLowerCase() !== wanted) continue;
      const list = kept.get(mailbox.tenant);
      if (list) list.push(mailbox);
      else kept.set(mailbox.tenant, [mailbox]);
    }
  }
  if (options.tenant !== undefined && kept.size === 0) kept.set(options.tenant, []);

  const tenants: TenantKeys[] = [...kept.entries()]
    .map(([tenant, mailboxes]) => {
      mailboxes.sort((a, b) => a.login.localeCompare(b.login));
      const issuers = issuerUses(tenant, mailboxes, index);
      const findings = [
        ...mailboxes.flatMap((mailbox) => [
          ...mailboxFindings(mailbox, now, options.expiringWithinDays),
          ...mailbox.certificates.flatMap((certificate) => sharedCertificateFindings(mailbox, certificate, index)),
        ]),
        ...sharedIssuerFindings(tenant, issuers, index),
      ];
      return { tenant, mailboxes, certificateCount: mailboxes.reduce((n, m) => n + m.certificates.length, 0), issuers, findings: sortFindings(findings) };
    })
    .sort((a, b) => a.tenant.localeCompare(b.tenant));

  const byKind: Partial<Record<CertificateFindingKind, number>> = {};
  for (const tenant of tenants) for (const f of tenant.findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return {
    generatedAt: new Date().toISOString(),
    elapsedMs: Date.now() - started,
    expiringWithinDays: options.expiringWithinDays,
    tenants,
    totals: {
      mailboxesRead,
      certificates: tenants.reduce((n, t) => n + t.certificateCount, 0),
      unparsed: tenants.reduce((n, t) => n + t.mailboxes.reduce((m, mailbox) => m + mailbox.unparsed.length, 0), 0),
      findings: tenants.reduce((n, t) => n + t.findings.length, 0),
      byKind,
    },
    unchecked: uncheckedFor(options.reach),
  };
}
