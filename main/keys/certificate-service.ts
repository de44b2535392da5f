/**
 * A mailbox's certificates in the editor: read with their findings, imported from an uploaded file after the
 * same checks the keys report makes, removed by fingerprint. Before anything is sent the bound identity's role is
 * checked against the access policy's `certificates` set; the server's rules remain the real gate.
 */
import { EnclaveFailure, failure } from '../../shared/errors';
import type { CertificateFinding, CertificateImportResult, ImportCertificateRequest, MailboxCertificateView } from '../../shared/model/keys';
import { addBinaryValues, removeBinaryValues, replaceBinary } from '../directory/changes';
import { buffers } from '../directory/entry';
import type { HostingContext } from '../hosting/hosting-context';
import { refusalReason, type ConsoleRole, type PolicyAction } from '../policy/role-checks';
import { parseStoredValue, sha256Hex } from './certificate-parsing';
import { readCertificateUpload } from './certificate-upload';
import { certificateFindings, finding, KeyIndex, mailboxFindings, sharedCertificateFindings, sharedIssuerFindings, issuerUses, sortFindings } from './keys-findings';
import { certificatePages, inventoryAttributes, mailboxCertificatesOf } from './keys-inventory';
import { crossTenantReach, uncheckedFor, type CrossTenantReach } from './keys-reach';

export class CertificateService {
  private resolvedRole: Promise<ConsoleRole> | null = null;

  /**
   * @param role the bound identity's role, resolved once (null: no console-side checks, every cross-tenant check
   *   made as far as the server shows; tests of the server's own refusals pass null).
   */
  constructor(
    private readonly context: HostingContext,
    private readonly role: (() => Promise<ConsoleRole>) | null,
  ) {}

  /** The mailbox's certificates with what is wrong with each (the cross-tenant findings are the keys report's). */
  async view(tenant: string, login: string, expiringWithinDays: number, now = Date.now()): Promise<MailboxCertificateView> {
    const { mailbox } = await this.read(tenant, login);
    return { ...mailbox, findings: sortFindings(mailboxFindings(mailbox, now, expiringWithinDays)) };
  }

  /** Checks the uploaded certificate against the mailbox and the directory; writes it unless dryRun or refused. */
  async importCertificate(request: ImportCertificateRequest, now = Date.now()): Promise<CertificateImportResult> {
    const { tenant, login } = request;
    await this.refuseUnlessAllowed({ kind: 'mailbox', set: 'certificates', operation: 'modify' }, tenant);
    const { dialect, connection } = this.context;
    const { mailbox } = await this.read(tenant, login);
    const reading = readCertificateUpload(Buffer.from(request.fileBase64, 'base64'), dialect.certificates.importTo);
    if ('refusal' in reading) {
      // Nothing readable to write is an error here, though an unreadable stored value is only a warning in the report.
      const problem = finding({ kind: reading.refusal.kind, severity: 'error', tenant: mailbox.tenant, login: mailbox.login, fingerprint: null, message: reading.refusal.message });
      if (request.dryRun) return { certificate: null, problems: [problem], unchecked: [], notes: [], written: false };
      throw refusedImport([problem]);
    }
    const { certificate, der, notes } = reading;
    const base = { tenant: mailbox.tenant, login: mailbox.login, fingerprint: certificate.fingerprint };
    const problems: CertificateFinding[] = [];
    if (mailbox.certificates.some((held) => held.fingerprint === certificate.fingerprint)) {
      problems.push(finding({ ...base, kind: 'duplicate', message: `The mailbox already has this certificate ("${certificate.subject}", serial ${certificate.serialNumber}).` }));
    }
    problems.push(...certificateFindings(mailbox, certificate, now, request.expiringWithinDays));
    const reach = await this.reach();
    if (reach.kind !== 'own') problems.push(...(await this.crossTenantProblems(mailbox.tenant, mailbox.login, certificate)));
    const checked = { certificate, problems: sortFindings(problems), unchecked: uncheckedFor(reach), notes };
    if (request.dryRun) return { ...checked, written: false };

    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw refusedImport(errors);
    const warnings = problems.filter((p) => p.severity === 'warning');
    if (warnings.length > 0 && !request.acceptWarnings) {
      throw failure({
        kind: 'invalid-input',
        message: `Not imported yet: ${warnings.map((w) => w.message).join(' ')} Confirm to import it anyway.`,
        issues: [{ path: ['acceptWarnings'], message: 'confirm the warnings to import' }],
      });
    }
    try {
      await connection.modify(mailbox.dn, [addBinaryValues(dialect.certificates.importTo, [der])]);
    } catch (error) {
      // 20: the value exists (someone imported the same certificate meanwhile).
      if (error instanceof EnclaveFailure && error.error.kind === 'ldap' && error.error.ldapCode === 20) {
        throw failure({ kind: 'already-exists', target: login, field: 'fileBase64', message: `The mailbox "${login}" already has this certificate (or one with the same issuer and serial number).` });
      }
      throw error;
    }
    return { ...checked, written: true };
  }

  /**
   * Withdraws the certificate (or unreadable value) with this fingerprint: every value holding it goes, in one
   * modify — its X.509 value and a PKCS#7 value that carries it alike, or it would still be published.
   */
  async remove(tenant: string, login: string, fingerprint: string, expiringWithinDays: number): Promise<MailboxCertificateView> {
    await this.refuseUnlessAllowed({ kind: 'mailbox', set: 'certificates', operation: 'remove' }, tenant);
    const { dialect, connection } = this.context;
    const { mailbox, entry } = await this.read(tenant, login);
    const changes = dialect.certificates.stored.flatMap(({ attribute, deleteByValue }) => {
      const values = buffers(entry, attribute);
      const matches = values.filter((value) => holdsFingerprint(attribute, value, fingerprint));
      if (matches.length === 0) return [];
      // Without an equality rule a value cannot be named in a delete: the others are written back instead.
      return [deleteByValue ? removeBinaryValues(attribute, matches) : replaceBinary(attribute, values.filter((value) => !matches.includes(value)))];
    });
    if (changes.length === 0) {
      throw failure({ kind: 'not-found', target: fingerprint, message: `The mailbox "${login}" of "${tenant}" has no certificate with the fingerprint ${fingerprint}.` });
    }
    await connection.modify(mailbox.dn, changes);
    return this.view(tenant, login, expiringWithinDays);
  }

  /** The mailbox's entry (login, addresses, certificates) found by login below the tenant's mailboxes. */
  private async read(tenant: string, login: string) {
    const { connection, dialect } = this.context;
    const notFound = () => failure({ kind: 'not-found', target: login, message: `Tenant "${tenant}" has no mailbox with login "${login}".` });
    let found;
    try {
      found = await connection.search(dialect.layout.mailboxesDn(tenant), { filter: dialect.loginFilter(login), ...inventoryAttributes(dialect), limit: 1 });
    } catch (error) {
      if (error instanceof EnclaveFailure && error.error.kind === 'not-found') throw notFound();
      throw error;
    }
    const entry = found[0];
    const mailbox = entry ? mailboxCertificatesOf(dialect, entry) : null;
    if (!entry || !mailbox) throw notFound();
    return { entry, mailbox };
  }

  /** The same certificate or key in another tenant (errors) and a CA serving other tenants (a warning). */
  private async crossTenantProblems(tenant: string, login: string, certificate: MailboxCertificateView['certificates'][number]): Promise<CertificateFinding[]> {
    const index = new KeyIndex();
    for await (const page of certificatePages(this.context, this.context.dialect.layout.tenantsDn)) for (const mailbox of page) index.addMailbox(mailbox);
    const mailbox = { tenant, login, addresses: [] };
    const shared = sharedCertificateFindings(mailbox, certificate, index);
    const issuer = sharedIssuerFindings(tenant, issuerUses(tenant, [{ ...mailbox, dn: '', certificates: [certificate], unparsed: [] }], index), index);
    return [...shared, ...issuer];
  }

  /** The bound identity's role, resolved on first use. */
  private currentRole(): Promise<ConsoleRole> | null {
    if (this.role === null) return null;
    this.resolvedRole ??= this.role();
    return this.resolvedRole;
  }

  private async reach(): Promise<CrossTenantReach> {
    const role = this.currentRole();
    return role === null ? { kind: 'unknown' } : crossTenantReach(await role);
  }

  private async refuseUnlessAllowed(action: PolicyAction, tenant: string): Promise<void> {
    const role = this.currentRole();
    if (role === null) return;
    const reason = refusalReason(await role, action, tenant);
    if (reason !== null) throw failure({ kind: 'insufficient-access', ldapCode: 50, serverMessage: '', message: `Refused before sending: ${reason}` });
  }
}

/** True when the stored value is the certificate with this fingerprint, holds it (PKCS#7), or is that unreadable value. */
function holdsFingerprint(attribute: string, value: Buffer, fingerprint: string): boolean {
  if (sha256Hex(value) === fingerprint) return true;
  const parsed = parseStoredValue(attribute, value);
  return 'certificates' in parsed && parsed.certificates.some((certificate) => certificate.fingerprint === fingerprint);
}

function refusedImport(errors: CertificateFinding[]) {
  return failure({
    kind: 'invalid-input',
    message: `Not imported: ${errors.map((e) => e.message).join(' ')}`,
    issues: errors.map((e) => ({ path: ['fileBase64'], message: e.kind })),
  });
}
