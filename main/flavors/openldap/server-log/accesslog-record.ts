/**
 * One OpenLDAP accesslog entry (cn=accesslog) in the shape of a console record: reqMod lines become
 * attribute changes, reqOld supplies the values before, password values and hashes become "(set)".
 */
import type { Entry } from 'ldapts';
import type { AuditChange, AuditRecord, AuditWriteKind } from '../../../../shared/model/audit';
import { first, values } from '../../../directory/entry';
import { childDn, parseDn } from '../../../directory/dn';
import { isoOfGeneralizedTime } from '../../../audit/generalized-time';
import { shownValues } from '../../../audit/secret-attributes';

/** Attributes slapd maintains itself: noise in a change record. */
const operational = new Set(['entrycsn', 'modifiersname', 'modifytimestamp', 'creatorsname', 'createtimestamp', 'structuralobjectclass', 'entryuuid']);

/** The attributes to ask the server for. */
export const accesslogAttributes = ['reqStart', 'reqType', 'reqDN', 'reqAuthzID', 'reqMod', 'reqOld', 'reqResult', 'reqMessage', 'reqNewRDN', 'reqNewSuperior'];

const kindOf: Record<string, AuditWriteKind> = { add: 'add', modify: 'modify', delete: 'delete', modrdn: 'rename' };

/** Maps an accesslog entry; null for request types that are not writes. */
export function recordOfAccesslogEntry(entry: Entry, tenantOf: (dn: string) => string | null): AuditRecord | null {
  const kind = kindOf[first(entry, 'reqType').toLowerCase()];
  if (kind === undefined) return null;
  const target = first(entry, 'reqDN');
  const code = Number(first(entry, 'reqResult') || '0');
  const message = first(entry, 'reqMessage');
  return {
    id: `server:${first(entry, 'reqStart')}`,
    source: 'server',
    time: isoOfGeneralizedTime(first(entry, 'reqStart')),
    actor: first(entry, 'reqAuthzID'),
    workstation: null,
    tenant: tenantOf(target),
    operation: first(entry, 'reqType').toLowerCase(),
    kind,
    target,
    newTarget: kind === 'rename' ? renamedDn(target, first(entry, 'reqNewRDN'), first(entry, 'reqNewSuperior')) : null,
    changes: changesOf(kind, values(entry, 'reqMod'), values(entry, 'reqOld')),
    result: code === 0 ? 'ok' : 'failed',
    error: code === 0 ? null : { kind: 'ldap', ldapCode: code, message: message || `LDAP result code ${code}` },
    callId: null,
  };
}

/** reqMod lines are "attr:+ value" (add), "attr:- value" / "attr:-" (delete), "attr:= value" / "attr:=" (replace). */
function changesOf(kind: AuditWriteKind, mods: string[], old: string[]): AuditChange[] {
  const before = new Map<string, string[]>();
  for (const line of old) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const attribute = line.slice(0, colon);
    const list = before.get(attribute.toLowerCase()) ?? [];
    list.push(line.slice(colon + 1).replace(/^ /, ''));
    before.set(attribute.toLowerCase(), list);
  }
  const changes: AuditChange[] = [];
  for (const line of mods) {
    const match = /^([^:]+):([+\-=#])(?: (.*))?$/s.exec(line);
    if (!match) continue;
    const [, attribute = '', sign, value] = match;
    if (operational.has(attribute.toLowerCase()) || sign === '#') continue;
    const op = sign === '+' ? 'add' : sign === '-' ? 'delete' : 'replace';
    const last = changes[changes.length - 1];
    const shown = value === undefined ? [] : [value];
    if (last && last.attribute === attribute && last.op === op) last.after.push(...shown);
    else changes.push({ attribute, op, before: kind === 'add' ? null : (before.get(attribute.toLowerCase()) ?? (kind === 'modify' ? [] : null)), after: shown });
  }
  if (kind === 'delete') {
    for (const [attribute, list] of before) if (!operational.has(attribute)) changes.push({ attribute, op: 'delete', before: list, after: [] });
  }
  // Secrets last, over the grouped lists: one "(set)" per attribute, never a hash.
  return changes.map((change) => ({
    ...change,
    before: change.before === null ? null : shownValues(change.attribute, change.before),
    after: shownValues(change.attribute, change.after),
  }));
}

function renamedDn(dn: string, newRdn: string, newSuperior: string): string | null {
  if (newRdn === '') return null;
  let parent = newSuperior;
  if (parent === '') {
    try {
      parent = parseDn(dn)
        .slice(1)
        .map((rdn) => rdn.map((part) => childDn('', part.attribute, part.value)).join('+'))
        .join(',');
    } catch {
      return null;
    }
  }
  return parent === '' ? newRdn : `${newRdn},${parent}`;
}
