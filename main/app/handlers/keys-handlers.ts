/** The keys report and a mailbox's certificates (issue 18): one certificate service per session, role-checked. */
import { CertificateService } from '../../keys/certificate-service';
import { crossTenantReach } from '../../keys/keys-reach';
import { buildKeysReport } from '../../keys/keys-report';
import { resolveConsoleRole } from '../../policy/role-checks';
import type { DirectorySession } from '../directory-session';
import type { CallHandlers } from '../dispatcher';
import type { SessionManager } from '../session-manager';

type KeysCalls = 'keysReport' | 'getMailboxCertificates' | 'importMailboxCertificate' | 'removeMailboxCertificate';

export function createKeysHandlers(sessions: Pick<SessionManager, 'current'>): Pick<CallHandlers, KeysCalls> {
  // Per session, so the bound identity's role is read once and a new connection starts afresh.
  const services = new WeakMap<DirectorySession, CertificateService>();
  const certificates = (): CertificateService => {
    const session = sessions.current();
    let service = services.get(session);
    if (!service) {
      service = new CertificateService(session.services.context, () => resolveConsoleRole(session.services.context, session.info.bindDN));
      services.set(session, service);
    }
    return service;
  };
  return {
    keysReport: async ({ tenant, expiringWithinDays }) => {
      const { services: hosting, info } = sessions.current();
      const reach = crossTenantReach(await resolveConsoleRole(hosting.context, info.bindDN));
      return buildKeysReport(hosting.context, { ...(tenant ? { tenant } : {}), expiringWithinDays, reach });
    },
    getMailboxCertificates: ({ tenant, login, expiringWithinDays }) => certificates().view(tenant, login, expiringWithinDays),
    importMailboxCertificate: (request) => certificates().importCertificate(request),
    removeMailboxCertificate: ({ tenant, login, fingerprint, expiringWithinDays }) => certificates().remove(tenant, login, fingerprint, expiringWithinDays),
  };
}
