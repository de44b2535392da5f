/**
 * What an audit checkpoint entry holds (docs/audit.md, "Anchors"): the schema's class and attributes, all mandatory
 * and single-valued. Where checkpoints live is the layout's `auditDn`; who may add them is the access policy's.
 */

/** The object class of a checkpoint entry (flavors/openldap/schema/enclave-schema.ts). */
export const checkpointObjectClass = 'enclaveAuditCheckpoint';

/** The attributes every checkpoint holds (all mandatory and single-valued). */
export const checkpointAttributes = ['enclaveConsoleId', 'enclaveCheckpointSeq', 'enclaveCheckpointHash', 'enclaveCheckpointTime', 'enclaveWorkstation'] as const;
