/**
 * One action on many selected mailboxes of a tenant (the grid's bulk actions): disable, enable, a quota, joining a
 * group or list, delete. Main runs it and reports progress (`bulkProgress`) and each mailbox's outcome; nothing is
 * all-or-nothing, so every mailbox says what became of it.
 */
import { z } from 'zod';
import { displayNameField, loginNameField, mailboxQuotaField, tenantNameField } from './fields';
import { groupKinds, type Mailbox } from './hosting';

export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('disable') }),
  z.object({ kind: z.literal('enable') }),
  z.object({ kind: z.literal('quota'), quotaBytes: mailboxQuotaField.nullable() }),
  z.object({ kind: z.literal('add-to-group'), groupKind: z.enum(groupKinds), group: displayNameField('Group name', 64) }),
  /** `confirmation` is what the person typed: "delete N" for N mailboxes, checked again in main. */
  z.object({ kind: z.literal('delete'), confirmation: z.string().max(64) }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

/** What a person types to confirm deleting `count` mailboxes. */
export const bulkDeleteConfirmation = (count: number): string => `delete ${count}`;

export const bulkMailboxesRequest = z.object({
  tenant: tenantNameField,
  logins: z
    .array(loginNameField)
    .min(1, 'Select at least one mailbox')
    .max(10_000, 'At most 10,000 mailboxes at once')
    .refine((logins) => new Set(logins).size === logins.length, 'A mailbox is selected twice'),
  action: bulkActionSchema,
  /** Names the run in its progress events. */
  runId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Invalid run id'),
});
export type BulkMailboxesRequest = z.infer<typeof bulkMailboxesRequest>;

/** What became of one mailbox. */
export interface BulkItemResult {
  login: string;
  ok: boolean;
  /** The mailbox as it is now (absent when it was deleted or the action failed). */
  mailbox?: Mailbox;
  /** Why it failed, in main's words. */
  message?: string;
}

export interface BulkMailboxesReport {
  runId: string;
  tenant: string;
  action: BulkAction['kind'];
  results: BulkItemResult[];
  elapsedMs: number;
}

/** Pushed while a run goes on (at most a few times a second). */
export interface BulkProgress {
  runId: string;
  done: number;
  failed: number;
  total: number;
}
