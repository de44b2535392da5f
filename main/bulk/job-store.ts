/**
 * Import jobs on disk, one folder each under the jobs folder (owner-only): the file as given, the job's
 * definition, its journal, its audit log, its last known state and, at the end, its report.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { failure } from '../../shared/errors';
import { columnChoiceSchema, importJobStates, importModes, planActions, type ColumnChoice, type ImportJobInfo, type PlannedRow } from '../../shared/model/bulk-import';
import { writeFileAtomic } from '../system/write-file-atomic';

/** What a job is, fixed when it starts. Holds generated passwords: the file is 0600. */
export interface JobDefinition {
  id: string;
  tenant: string;
  mode: (typeof importModes)[number];
  onlyValid: boolean;
  fileName: string;
  createdAt: string;
  /** The directory it writes to: resume refuses another one. */
  directory: { suffix: string; url: string | null; bindDN: string };
  /** Row number → planned action, for the rows the job imports. */
  planned: Record<string, (typeof planActions)[number]>;
  /** Rows rejected at the start (only-valid mode), for the report. */
  rejected: PlannedRow[];
  /** Row number → password generated for a "generate" row. */
  generatedPasswords: Record<string, string>;
  /** The user's column → header choice the file was read with (a resume reads it the same way). */
  mapping?: ColumnChoice;
  /** Rows of the file (mailboxes, groups and lists). */
  fileRows?: number;
}

const definitionSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  mode: z.enum(importModes),
  onlyValid: z.boolean(),
  fileName: z.string(),
  createdAt: z.string(),
  directory: z.object({ suffix: z.string(), url: z.string().nullable(), bindDN: z.string() }),
  planned: z.record(z.string(), z.enum(planActions)),
  rejected: z.array(z.any()),
  generatedPasswords: z.record(z.string(), z.string()),
  mapping: columnChoiceSchema.optional(),
  fileRows: z.number().int().optional(),
});

const stateSchema = z.object({ jobId: z.string(), state: z.enum(importJobStates) }).passthrough();

/** The files of one job. */
export function jobFiles(root: string, jobId: string) {
  const dir = path.join(root, jobId);
  return {
    dir,
    definition: path.join(dir, 'job.json'),
    // The file's bytes as given (CSV or LDIF, any encoding): a resume decodes them again the same way.
    input: path.join(dir, 'input.csv'),
    journal: path.join(dir, 'journal.jsonl'),
    audit: path.join(dir, 'audit.jsonl'),
    state: path.join(dir, 'state.json'),
    report: path.join(dir, 'report.csv'),
  };
}

/** A new job id: sortable by time, unique enough for one machine. */
export function newJobId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `imp-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Creates the job folder with its input (the file's bytes) and definition. */
export async function createJob(root: string, definition: JobDefinition, input: Uint8Array): Promise<void> {
  const files = jobFiles(root, definition.id);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await writeFile(files.input, input, { mode: 0o600 });
  await writeFileAtomic(files.definition, JSON.stringify(definition), 0o600);
}

/** The job's definition and input file (its bytes); not-found when there is no such job. */
export async function loadJob(root: string, jobId: string): Promise<{ definition: JobDefinition; input: Buffer }> {
  const files = jobFiles(root, jobId);
  let text: string;
  try {
    text = await readFile(files.definition, 'utf8');
  } catch {
    throw failure({ kind: 'not-found', target: jobId, message: `There is no import job "${jobId}" in ${root}.` });
  }
  const parsed = definitionSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw failure({ kind: 'internal', message: `The import job file ${files.definition} is damaged.` });
  return { definition: parsed.data as JobDefinition, input: await readFile(files.input) };
}

/** Records the job's state (atomically, so a crash leaves the old or the new one). */
export const saveJobState = (root: string, info: ImportJobInfo): Promise<void> => writeFileAtomic(jobFiles(root, info.jobId).state, JSON.stringify(info), 0o600);

/** The last recorded state of every job, newest first. */
export async function listJobStates(root: string): Promise<ImportJobInfo[]> {
  const names = await readdir(root).catch(() => [] as string[]);
  const infos: ImportJobInfo[] = [];
  for (const name of names.filter((n) => n.startsWith('imp-'))) {
    const text = await readFile(jobFiles(root, name).state, 'utf8').catch(() => null);
    if (text === null) continue;
    try {
      // Jobs saved before the file's row count was kept: their total is every row they imported.
      if (stateSchema.safeParse(JSON.parse(text)).success) {
        const info = JSON.parse(text) as ImportJobInfo;
        infos.push({ ...info, fileRows: info.fileRows ?? info.total, rejected: info.rejected ?? 0 });
      }
    } catch {
      // A job folder without a readable state is skipped, not fatal for the list.
    }
  }
  return infos.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
