/**
 * Import jobs on disk, one folder each under the jobs folder (owner-only): the file as given, the job's
 * definition, its journal, its audit log, its last known state and, at the end, its report.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { failure } from '../../shared/errors';
import { importJobStates, importModes, planActions, type ImportJobInfo, type PlannedRow } from '../../shared/model/bulk-import';
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
});

const stateSchema = z.object({ jobId: z.string(), state: z.enum(importJobStates) }).passthrough();

/** The files of one job. */
export function jobFiles(root: string, jobId: string) {
  const dir = path.join(root, jobId);
  return {
    dir,
    definition: path.join(dir, 'job.json'),
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

/** Creates the job folder with its input and definition. */
export async function createJob(root: string, definition: JobDefinition, csv: string): Promise<void> {
  const files = jobFiles(root, definition.id);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await writeFile(files.input, csv, { encoding: 'utf8', mode: 0o600 });
  await writeFileAtomic(files.definition, JSON.stringify(definition), 0o600);
}

/** The job's definition and input file; not-found when there is no such job. */
export async function loadJob(root: string, jobId: string): Promise<{ definition: JobDefinition; csv: string }> {
  const files = jobFiles(root, jobId);
  let text: string;
  try {
    text = await readFile(files.definition, 'utf8');
  } catch {
    throw failure({ kind: 'not-found', target: jobId, message: `There is no import job "${jobId}" in ${root}.` });
  }
  const parsed = definitionSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw failure({ kind: 'internal', message: `The import job file ${files.definition} is damaged.` });
  return { definition: parsed.data as JobDefinition, csv: await readFile(files.input, 'utf8') };
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
      if (stateSchema.safeParse(JSON.parse(text)).success) infos.push(JSON.parse(text) as ImportJobInfo);
    } catch {
      // A job folder without a readable state is skipped, not fatal for the list.
    }
  }
  return infos.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
