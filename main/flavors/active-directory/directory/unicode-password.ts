/** AD's password attribute: the password in double quotes, as UTF-16LE bytes ([MS-ADTS] 3.1.1.3.1.5). */
import { Attribute, Change } from 'ldapts';

/** The unicodePwd value for `password`. */
export const unicodePwdValue = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');

/** A change that sets (resets) the password administratively. Send it only over LDAPS or StartTLS. */
export const setUnicodePwd = (password: string): Change =>
  new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [unicodePwdValue(password)] }) });
