/** The one attribute the quota aggregation reads per mailbox, by directory flavor. */
import type { DirectoryFlavor } from '../../shared/model/hosting';
import { openLdapAttributes } from '../hosting/openldap/openldap-schema';

const byFlavor: Record<DirectoryFlavor, string> = {
  openldap: openLdapAttributes.quota,
  // The Active Directory dialect will store quotas in the same Enclave attribute once its schema is extended.
  'active-directory': openLdapAttributes.quota,
};

/** The mailbox quota attribute of `flavor`. */
export const quotaAttributeOf = (flavor: DirectoryFlavor): string => byFlavor[flavor];
