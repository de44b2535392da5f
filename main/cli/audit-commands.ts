/**
 * `audit list` (the console journal and the server's log, newest first, as far as the bound identity may read
 * them) and `audit verify` (the journal's hash chain and, with a connection, its checkpoints in the directory;
 * exits 3 naming the break).
 */
import { failure } from '../../shared/errors';
import { auditFiltersSchema, auditSourceChoice, type AuditRecord, type AuditVerification } from '../../shared/model/audit';
import { dnLabel, formatDnLabel, operationWithOutcome } from '../../shared/model/audit-labels';
import { tieRecords } from '../../shared/model/audit-rows';
import type { DirectorySession } from '../app/directory-session';
import { directoryAnchors } from '../audit/anchor-source';
import { auditScopeOf, scopedVerification } from '../audit/audit-scope';
import { listTimeline } from '../audit/audit-timeline';
import { JournaledConnection } from '../audit/journaled-connection';
import { verifyJournal } from '../audit/journal-verify';
import { timelineSources } from '../app/handlers/report-handlers';
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
  const session = hasConnection(values) ? await openSettled(values) : null;
  try {
    const anchors = session ? directoryAnchors(session.connection, session.services.context.dialect.layout.auditDn) : null;
    const report = scopedVerification(auditScopeOf(readerOf(session)), await verifyJournal(cliJournalPath(values), anchors));
    if (values.json) out(JSON.stringify(report));
    else out(verificationText(report));
    return report.intact ? 0 : brokenChainExitCode;
  } finally {
    await session?.connection.dispose();
  }
}

const hasConnection = (values: CliValues): boolean => Boolean(values.url?.length || values.profile);
const readerOf = (session: DirectorySession | null) => (session ? { role: session.info.role, bindDN: session.info.bindDN } : null);

/** A session whose reconciliation of earlier unknown outcomes has finished, so what is read is settled. */
async function openSettled(values: CliValues): Promise<DirectorySession> {
  const session = await connectFromCli(values);
  if (session.connection instanceof JournaledConnection) await session.connection.settled();
  return session;
}

/** The report in lines a person reads: the chain, the tail, unresolved changes, the anchors, the consoles. */
export function verificationText(report: AuditVerification): string {
  const lines: string[] = [];
  if (report.firstBroken === null) lines.push(`${report.journal}: chain intact, ${report.records} records (${report.elapsedMs} ms).`);
  else lines.push(`${report.journal}: BROKEN at line ${report.firstBroken.line} (record seq ${report.firstBroken.seq ?? '?'}): ${report.firstBroken.reason}. ${report.records} records before it are intact.`);
  if (report.tornTail) lines.push(`Torn tail: the last ${report.tornTail.bytes} bytes are a record whose write never finished; the next append moves them aside.`);
  for (const kept of report.quarantined) lines.push(`Torn tail kept aside: ${kept.file} (${kept.bytes} bytes).`);
  if (report.unresolvedCount > 0) {
    const hidden = report.unresolvedCount - report.unresolved.length;
    const shown = hidden > 0 ? ` (${hidden} not listed: outside what the bound identity may read, or no connection given)` : '';
    lines.push(`${report.unresolvedCount} change${report.unresolvedCount === 1 ? '' : 's'} with no known result (reconciled on the next connection of the identity that made them)${shown}:`);
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
  const source = auditSourceChoice.safeParse(values.source ?? 'both');
  if (!source.success) throw failure({ kind: 'invalid-input', message: '--source is console, server or both.', issues: [{ path: ['source'], message: 'invalid' }] });
  const filters = auditFiltersSchema.safeParse({ tenant: values.tenant, since: values.since, until: values.until });
  if (!filters.success) throw failure({ kind: 'invalid-input', message: `Check the filters: ${filters.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`, issues: [] });
  const limit = Number(values.limit ?? 1000);
  if (!Number.isInteger(limit) || limit < 1) throw failure({ kind: 'invalid-input', message: '--limit must be a whole number above 0.', issues: [{ path: ['limit'], message: 'invalid' }] });
  // Records are shown as far as the bound identity may read them: no identity, no records.
  if (!hasConnection(values)) throw failure({ kind: 'invalid-input', message: 'audit list shows records as far as the bound identity may read them: give --url/--bind-dn or --profile.', issues: [] });

  const session = await openSettled(values);
  try {
    const sources = timelineSources(cliJournalPath(values), session, auditScopeOf(readerOf(session)));
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
    // One row per change (the console's and the server's record of one write tied), in words; --json has the records whole.
    const rows = tieRecords(records).map(({ primary: r, related }) => [
      r.time,
      related ? 'console+server' : r.source,
      formatDnLabel(dnLabel(r.actor)),
      r.tenant ?? '-',
      operationWithOutcome(r),
      formatDnLabel(dnLabel(r.target)),
      r.result === 'failed' ? `failed (${r.error?.ldapCode ?? r.error?.kind})` : r.result,
    ]);
    out(renderTable(['TIME', 'SOURCE', 'WHO', 'TENANT', 'OPERATION', 'TARGET', 'RESULT'], rows));
  } finally {
    await session.connection.dispose();
  }
}
