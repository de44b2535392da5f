/** Attributes whose values never reach the journal, the viewer or an export: only "(set)" does. */
import { secretPlaceholder } from '../../shared/model/audit';

// Lower case. Hashes count as secrets too: an offline attack needs nothing more.
const secretNames = new Set([
  'userpassword',
  'unicodepwd',
  'clearpassword',
  'sambantpassword',
  'sambalmpassword',
  'ntpwdhistory',
  'lmpwdhistory',
  'supplementalcredentials',
  'dbcspwd',
  'pwdhistory',
  'krbprincipalkey',
  'userpkcs12',
]);

/** True for password-like attributes (case-insensitive, options such as ";binary" ignored). */
export const isSecretAttribute = (attribute: string): boolean => secretNames.has(attribute.split(';')[0]?.toLowerCase() ?? '');

/** The values as they may be shown: secrets become one "(set)" when any value is present. */
export function shownValues(attribute: string, values: string[]): string[] {
  if (!isSecretAttribute(attribute)) return values;
  return values.length > 0 ? [secretPlaceholder] : [];
}
