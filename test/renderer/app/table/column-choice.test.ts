import { describe, expect, it } from 'vitest';
import { columnChoiceKey, parseHidden, serializeHidden, toggleHidden } from '../../../../renderer/app/table/column-choice';

const keys = ['name', 'login', 'address', 'quota', 'state'];

describe('column choice', () => {
  it('is stored per table and per signed-in identity', () => {
    expect(columnChoiceKey('mailboxes', 'sandbox|cn=admin,dc=hosting,dc=test')).toBe('enclave.columns.mailboxes.sandbox|cn=admin,dc=hosting,dc=test');
  });

  it('reads back what it wrote, and shrugs off junk, unknown columns and "hide everything"', () => {
    expect(parseHidden(serializeHidden(new Set(['quota', 'address'])), keys)).toEqual(new Set(['address', 'quota']));
    expect(parseHidden(null, keys)).toEqual(new Set());
    expect(parseHidden('{not json', keys)).toEqual(new Set());
    expect(parseHidden('{"a":1}', keys)).toEqual(new Set());
    expect(parseHidden('["address","gone",3]', keys)).toEqual(new Set(['address']));
    expect(parseHidden(JSON.stringify(keys), keys)).toEqual(new Set());
  });

  it('never hides the last visible column', () => {
    let hidden = new Set<string>();
    for (const key of keys) hidden = toggleHidden(hidden, key, keys);
    expect(hidden).toEqual(new Set(['name', 'login', 'address', 'quota']));
    expect(toggleHidden(hidden, 'quota', keys)).toEqual(new Set(['name', 'login', 'address']));
  });
});
