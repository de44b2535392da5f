/**
 * What a tenant's exit and teardown need from a directory flavor (flavors/<flavor>/<flavor>-lifecycle.ts): how an
 * entry's change stamp and mail-store key are read, which of its attributes are binary, and the traces of a tenant a
 * flavor's server keeps after the tenant's entries are gone (OpenLDAP's accesslog, AD's tombstones), which no LDAP
 * client can remove and a teardown report must therefore name.
 */
import type { Entry } from 'ldapts';
import type { DirectoryConnection } from '../directory/directory-connection';

/** A trace the server keeps of a removed tenant, by design, with why it stays. */
export interface RetainedTrace {
  what: string;
  count: number;
  why: string;
}

/** What a teardown knew of the tenant before removing it (enough to find its traces afterwards). */
export interface TenantTraceKeys {
  suffix: string;
  tenantDn: string;
  /** Each removed entry's mail-store/identity key (entryUUID, objectGUID), lower case. */
  entryKeys: string[];
}

export interface FlavorLifecycle {
  /** Attributes a search must name to return the server's own attributes too ('+' where the server has it). */
  readonly operationalAttributes: readonly string[];
  /** Attributes whose values are bytes, returned as Buffers (certificates, SIDs, GUIDs). */
  readonly binaryAttributes: readonly string[];
  /** The attribute that changes whenever an entry does (entryCSN, uSNChanged): the export's content digest. */
  readonly changeStampAttribute: string;
  /** The attribute keying a mailbox's mail store (docs/mail-servers.md): entryUUID, objectGUID. */
  readonly storeKeyAttribute: string;
  /** An entry's key as text (a UUID in its usual lower-case form), or '' when it has none. */
  keyOf(entry: Entry): string;
  /** Authorship attributes the server keeps itself (nobody can change them): a tenant DN there is retained, not residue. */
  readonly stampAttributes: readonly string[];
  /**
   * True when an entry's memberOf always lists every group naming it (AD's back-links, kept by the DC with the link);
   * false where it can drift (OpenLDAP's memberof overlay writes it apart: docs/directory-layout.md), so groups naming
   * the tenant's entries are searched for by their member values instead.
   */
  readonly exactBackLinks: boolean;
  /** Attributes holding certificates (X.509 DER or PKCS#7), as this server names them. */
  readonly certificateAttributes: readonly string[];
  /** Where the tenant's access rules and constraints were, and why nothing of them is left once its entries are gone. */
  readonly accessPolicyNote: string;
  /** Naming contexts a residue check must search besides the hosting suffix (none: the suffix is the directory). */
  extraNamingContexts(connection: DirectoryConnection, suffix: string): Promise<string[]>;
  /** Traces of the removed tenant the server keeps and no client can remove (counted, never shown to tenants). */
  retainedTraces(connection: DirectoryConnection, keys: TenantTraceKeys): Promise<RetainedTrace[]>;
}
