import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../main/audit/canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth in code-unit order and leaves out undefined members', () => {
    const value = { b: 1, a: [{ z: 'é"\n', y: null, x: undefined }, 'two', undefined, true], é: 2, E: 3, '': 4, 10: 5, 2: 6 };
    expect(canonicalJson(value)).toBe('{"":4,"10":5,"2":6,"E":3,"a":[{"y":null,"z":"é\\"\\n"},"two",null,true],"b":1,"é":2}');
  });

  it('spells values JSON cannot hold as JSON.stringify does, and null where it would leave them out', () => {
    expect(canonicalJson([NaN, Infinity, -0, 1e21, () => 1, Symbol('s')])).toBe('[null,null,0,1e+21,null,null]');
    expect(canonicalJson({ f: () => 1 })).toBe('{"f":null}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('\u2028')).toBe(JSON.stringify('\u2028'));
  });

  it('reads back to the same value and spells a parsed copy the same way (the hash chain re-checks parsed lines)', () => {
    const line = { seq: 7, changes: [{ attribute: 'u1', op: 'add', before: null, after: ['create', 'userPassword: (set)', 'joins Staff'] }], prevHash: 'ab' };
    const text = canonicalJson(line);
    expect(JSON.parse(text)).toEqual(line);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});
