import { describe, expect, it } from 'vitest';
import { parseViews, withView, withoutView } from '../../../../renderer/app/table/saved-views';

const columns = ['name', 'login', 'quota'];

describe('saved views', () => {
  it('keep only well-formed views and the columns the table still has', () => {
    const stored = JSON.stringify([
      { name: 'Big', query: '', sort: { key: 'quota', direction: 'descending' }, hidden: ['login', 'gone'] },
      { name: '', query: '', sort: { key: 'name', direction: 'ascending' }, hidden: [] },
      { name: 'Bad sort', query: '', sort: { key: 'nope', direction: 'ascending' }, hidden: [] },
      'junk',
    ]);
    expect(parseViews(stored, columns)).toEqual([{ name: 'Big', query: '', sort: { key: 'quota', direction: 'descending' }, hidden: ['login'] }]);
    expect(parseViews('not json', columns)).toEqual([]);
    expect(parseViews(null, columns)).toEqual([]);
  });

  it('replace a view of the same name and stay sorted by name', () => {
    const a = { name: 'Zeta', query: 'z', sort: { key: 'name', direction: 'ascending' as const }, hidden: [] };
    const b = { name: 'alpha', query: 'a', sort: { key: 'login', direction: 'ascending' as const }, hidden: [] };
    const views = withView(withView([], a), b);
    expect(views.map((v) => v.name)).toEqual(['alpha', 'Zeta']);
    expect(withView(views, { ...a, name: 'zeta', query: 'new' }).map((v) => [v.name, v.query])).toEqual([['alpha', 'a'], ['zeta', 'new']]);
    expect(withoutView(views, 'alpha').map((v) => v.name)).toEqual(['Zeta']);
  });
});
