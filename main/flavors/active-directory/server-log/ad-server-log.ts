/** Why the timeline shows no server log on Active Directory. */
import type { AuditSourceNotice } from '../../../../shared/model/audit';

/** AD has no accesslog: its change record is the DC's Security event log (Samba: log files), not an LDAP tree. */
export const activeDirectoryServerLogNotice: AuditSourceNotice = {
  source: 'server',
  kind: 'server-log-not-over-ldap',
  flavor: 'active-directory',
  message:
    "Active Directory keeps no log of changes that can be read over LDAP (its record is the domain controller's Security event log), so only the console's own journal is shown: changes made by other tools do not appear here.",
};
