/** What a flavor's directory must look like for the conformance scan (each dialect states its own). */

export interface ConformanceExpectations {
  /** Object classes every mailbox must carry (names compared case-insensitively). */
  mailboxClasses: readonly string[];
  /** Object classes every group and list must carry. */
  groupClasses: readonly string[];
  /** The attribute holding a login (unique across the whole directory, host staff included). */
  loginAttribute: string;
  /** Attributes holding a mailbox's or group's addresses (each must be in its tenant's domains). */
  addressAttributes: readonly string[];
  /** The password attribute, and the scheme prefix the server itself stores (others were written pre-hashed). */
  password: { attribute: string; serverScheme: string } | null;
  /**
   * Where "disabled" is kept twice (OpenLDAP: the console's state, and ppolicy's lock that the server enforces):
   * a mailbox disabled in the first but not locked in the second can still log in. Null where one attribute does both.
   */
  disabled: { stateAttribute: string; disabledValue: string; lockAttribute: string } | null;
}
