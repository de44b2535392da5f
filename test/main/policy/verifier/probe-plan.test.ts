/**
 * The verifier's matrix against the policy table, without a server: every cell gets an attempt the OpenLDAP verifier
 * can run, every server-enforced condition is attacked for every role it narrows, every attack in the plan has an
 * implementation, and what Active Directory cannot enforce is listed cell by cell.
 */
import { describe, expect, it } from 'vitest';
import { policyCells, type PolicyCell } from '../../../../main/policy/access-policy';
import { cellProbeName, conditionAttacks, expectedOutcomes, namedAttacks } from '../../../../main/policy/verifier/probe-plan';
import { attributesOf } from '../../../../main/flavors/openldap/isolation/policy-attributes';
import { conditionAttackRuns, namedAttackRuns } from '../../../../main/flavors/openldap/verifier/attack-attempts';
import { activeDirectoryPolicyGaps, adGapOf } from '../../../../main/flavors/active-directory/verifier/ad-policy-gaps';

const cells = policyCells();

describe('the probe matrix', () => {
  it('names every cell once', () => {
    const names = cells.map((cell) => cellProbeName(cell));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThan(1000);
  });

  it('has OpenLDAP attributes for every set it attempts (an empty set would be a probe that tests nothing)', () => {
    const empty = cells.filter((cell) => cell.set !== 'children' && attributesOf(cell.kind, cell.set).length === 0).map((cell) => cellProbeName(cell));
    expect(empty).toEqual([]);
  });

  it('expects success for a grant and a refusal for everything else', () => {
    const granted = cells.find((c) => c.allowed) as PolicyCell;
    const deniedRead = cells.find((c) => !c.allowed && c.operation === 'read') as PolicyCell;
    const deniedWrite = cells.find((c) => !c.allowed && c.operation === 'modify') as PolicyCell;
    expect(expectedOutcomes(granted)).toEqual(['allowed']);
    expect(expectedOutcomes(deniedRead)).not.toContain('allowed');
    expect(expectedOutcomes(deniedWrite)).not.toContain('allowed');
  });

  it('attacks every server-enforced condition for every role whose grant it narrows', () => {
    const narrowed = new Set(cells.filter((c) => c.allowed && c.condition !== null && c.enforcedBy === 'server').map((c) => `${c.role}/${c.condition}`));
    const attacked = new Set(conditionAttacks.map((a) => `${a.role}/${a.condition}`));
    expect([...narrowed].filter((key) => !attacked.has(key))).toEqual([]);
  });

  it('has an OpenLDAP implementation of every condition attack and every named attack', () => {
    expect(conditionAttacks.map((a) => `${a.role}.${a.id}`).filter((key) => !(key in conditionAttackRuns))).toEqual([]);
    expect(namedAttacks.map((a) => `${a.role}.${a.id}`).filter((key) => !(key in namedAttackRuns))).toEqual([]);
    const planned = new Set([...conditionAttacks, ...namedAttacks].map((a) => `${a.role}.${a.id}`));
    expect([...Object.keys(conditionAttackRuns), ...Object.keys(namedAttackRuns)].filter((key) => !planned.has(key))).toEqual([]);
  });
});

describe('what Active Directory cannot enforce', () => {
  it('lists every cell it leaves open in exactly one known leak, with a reason', () => {
    const gaps = activeDirectoryPolicyGaps();
    const listed = gaps.flatMap((gap) => gap.cells);
    expect(new Set(listed).size).toBe(listed.length);
    for (const gap of gaps) expect(gap.why.length, gap.id).toBeGreaterThan(20);
    expect(listed).toContain('tenant-admin.tenant.mailbox.quota.modify');
    expect(listed).toContain('tenant-admin.tenant.group.entry.delete');
  });

  it('covers every value condition the server would have to check (AD has no value rules)', () => {
    const conditional = cells.filter((c) => c.allowed && c.condition !== null && c.enforcedBy === 'server');
    // A password reset on AD is always cleartext over TLS, and a reset never enables a disabled account.
    const enforcedByAd = new Set(['cleartext', 'enabled-only']);
    const unlisted = conditional.filter((c) => !enforcedByAd.has(c.condition ?? '') && adGapOf(c) === null).map((c) => cellProbeName(c));
    expect(unlisted).toEqual([]);
  });
});
