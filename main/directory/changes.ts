/** Small builders for LDAP modify operations, so services and dialects read as intent. */
import { Attribute, Change } from 'ldapts';

/** Replace all values of `attribute` (an empty list removes the attribute). */
export const replace = (attribute: string, values: string[] | string): Change =>
  new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values: toList(values) }) });

/** Add values to `attribute`. */
export const addValues = (attribute: string, values: string[] | string): Change =>
  new Change({ operation: 'add', modification: new Attribute({ type: attribute, values: toList(values) }) });

/** Remove specific values, or the whole attribute when `values` is empty. */
export const removeValues = (attribute: string, values: string[] | string = []): Change =>
  new Change({ operation: 'delete', modification: new Attribute({ type: attribute, values: toList(values) }) });

const toList = (values: string[] | string): string[] => (Array.isArray(values) ? values : [values]);

/** Add binary values (certificates) to `attribute`. */
export const addBinaryValues = (attribute: string, values: Buffer[]): Change =>
  new Change({ operation: 'add', modification: new Attribute({ type: attribute, values }) });

/** Remove specific binary values of `attribute` (it needs an equality rule to find them). */
export const removeBinaryValues = (attribute: string, values: Buffer[]): Change =>
  new Change({ operation: 'delete', modification: new Attribute({ type: attribute, values }) });

/** Replace all values of a binary attribute (an empty list removes it). */
export const replaceBinary = (attribute: string, values: Buffer[]): Change =>
  new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values }) });

/** LDAP's spelling of booleans. */
export const ldapBoolean = (value: boolean): string => (value ? 'TRUE' : 'FALSE');

/** Attribute values with empty strings and nulls left out (LDAP has no empty values). */
export function presentValues(...values: (string | number | null | undefined)[]): string[] {
  return values.filter((v): v is string | number => v !== null && v !== undefined && v !== '').map(String);
}
