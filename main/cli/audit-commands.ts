/**
 * `audit list` (the console journal and, when a connection is given, the server's log, newest first)
 * and `audit verify` (the journal's hash chain; exits 3 naming the first broken record).
 */
import { failure } from '../../shared/errors';
import { auditFiltersSchema, auditSourceChoice, type AuditRecord, type AuditVerification } from '../../shared/model/audit';
import { listTimeline } from '../audit/audit-timeline';
import { verifyJournal } from '../audit/journal-verify';
import { timelineSources } from '../app/report-handlers';
import { cliJournalPath, connectFromCli } from './cli-connection';
import type { CliValues } from './cli-options';
import type { Output } from './commands';
import { renderTable } from './table';

/** Exit status of `audit verify` when the chain is broken. */
export const brokenChainExitCode = 3;

export async function auditCommand(values: CliValues, out: Output, args: string[] = []): Promise<number> {
  if (args[0] === 'verify') return verify(values, out);
  if (args[0] === 'list') {
    await list(values, out);
    return 0;
  }
  throw failure({ kind: 'invalid-input', message: 'Usage: audit list [--tenant T] [--since ISO] [--until ISO] [--source console|server|both] [--limit N] [--json] | audit verify [--journal FILE]', issues: [] });
}

async function verify(values: CliValues, out: Output): Promise<number> {
  const report = await verifyJournal(cliJournalPath(values));
  if (values.json) out(JSON.stringify(report));
  else out(verificationText(report));
  return report.intact ? 0 : brokenChainExitCode;
}

/** The report in lines a person reads: the chain, the tail, unresolved changes, the anchors, the consoles. */
export function verificationText(report: AuditVerification): string {
  const lines: string[] = [];
  if (report.firstBroken === null) lines.push(`${report.journal}: chain intact, ${report.records} records (${report.elapsedMs} ms).`);
  else lines.push(`${report.journal}: BROKEN at line ${report.firstBroken.line} (record seq ${report.firstBroken.seq ?? '?'}): ${report.firstBroken.reason}. ${report.records} records before it are intact.`);
  if (report.tornTail) lines.push(`Torn tail: the last ${report.tornTail.bytes} bytes are a record whose write never finished; the next append moves them aside.`);
  for (const kept of report.quarantined) lines.push(`Torn tail kept aside: ${kept.file} (${kept.bytes} bytes).`);
  if (report.unresolvedCount > 0) {
    lines.push(`${report.unresolvedCount} change${report.unresolvedCount === 1 ? '' : 's'} with no known result (reconciled on the next connection):`);
    for (const open of report.unresolved) lines.push(`  seq ${open.seq} ${open.time} ${open.operation} ${open.target}: ${open.state === 'unknown' ? 'outcome unknown' : 'no outcome recorded'}`);
  }
  const anchorLabel = { 'not-checked': 'Anchors not checked', unavailable: 'Anchors unavailable', agrees: 'Anchors', 'dropped-tail': 'ANCHOR MISMATCH (dropped tail)', rollback: 'ANCHOR MISMATCH (rollback)', 're-chained': 'ANCHOR MISMATCH (re-chained edit)' }[report.anchor.state];
  lines.push(`${anchorLabel}: ${report.anchor.message}`);
  if (report.consoles.length > 0) {
    lines.push('Consoles that anchored checkpoints in this directory:');
    for (const other of report.consoles) lines.push(`  ${other.consoleId} on ${other.workstation}: ${other.checkpoints} checkpoints, latest record ${other.lastSeq} at ${other.lastTime}${other.thisJournal ? ' (this journal)' : ''}`);
  }
  lines.push(report.intact ? 'Result: intact.' : 'Result: BROKEN.');
  return lines.join('\n');
}

async function list(values: CliValues, out: Output): Promise<void> {
  const hasConnection = Boolean(values.url?.length || values.profile);
  const source = auditSourceChoice.safeParse(values.source ?? (hasConnection ? 'both' : 'console'));
  if (!source.success) throw failure({ kind: 'invalid-input', message: '--source is console, server or both.', issues: [{ path: ['source'], message: 'invalid' }] });
  const filters = auditFiltersSchema.safeParse({ tenant: values.tenant, since: values.since, until: values.until });
  if (!filters.success) throw failure({ kind: 'invalid-input', message: `Check the filters: ${filters.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`, issues: [] });
  const limit = Number(values.limit ?? 1000);
  if (!Number.isInteger(limit) || limit < 1) throw failure({ kind: 'invalid-input', message: '--limit must be a whole number above 0.', issues: [{ path: ['limit'], message: 'invalid' }] });
  if (source.data !== 'console' && !hasConnection) throw failure({ kind: 'invalid-input', message: 'The server log needs a connection: give --url/--bind-dn or --profile.', issues: [] });

  const session = source.data === 'console' ? null : await connectFromCli(values);
  try {
    const sources = timelineSources(cliJournalPath(values), session?.services ?? null);
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    while (records.length < limit) {
      const page = await listTimeline(sources, source.data, filters.data, cursor, Math.min(500, limit - records.length));
      for (const problem of page.unavailable) process.stderr.write(`enclave: ${problem.message}\n`);
      if (cursor === undefined) for (const notice of page.notices) process.stderr.write(`enclave: ${notice.message}\n`);
      records.push(...page.items);
      if (page.nextCursor === null || page.items.length === 0) break;
      cursor = page.nextCursor;
    }
    if (values.json) return out(JSON.stringify(records));
    out(renderTable(['TIME', 'SOURCE', 'ACTOR', 'TENANT', 'OPERATION', 'TARGET', 'RESULT'], records.map((r) => [r.time, r.source, r.actor, r.tenant ?? '-', r.operation, r.target, r.result === 'failed' ? `failed (${r.error?.ldapCode ?? r.error?.kind})` : r.result])));
  } finally {
    await session?.connection.dispose();
  }
}
