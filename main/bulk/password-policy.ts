/** The minimum password length of the directory's default password policy (ppolicy), when the bound identity may read it. */
import { childDn } from '../directory/dn';
import { integer } from '../directory/entry';
import type { HostingContext } from '../hosting/hosting-context';

/** What the sandbox's policy and most servers require when the policy cannot be read. */
export const fallbackMinPasswordLength = 8;

/** pwdMinLength of `cn=default,ou=policies,SUFFIX` (docs/directory-layout.md), else 8. */
export async function readMinPasswordLength(context: HostingContext): Promise<number> {
  const dn = childDn(childDn(context.dialect.layout.suffix, 'ou', 'policies'), 'cn', 'default');
  const entry = await context.connection.read(dn, ['pwdMinLength']).catch(() => null);
  const length = entry ? integer(entry, 'pwdMinLength') : null;
  return length !== null && length > 0 ? length : fallbackMinPasswordLength;
}
