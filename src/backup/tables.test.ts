import { describe, expect, it } from 'vitest';
import { dependencyOrder } from './tables.js';

describe('dependencyOrder', () => {
  const tables = ['votes', 'users', 'comparisons', 'threads', 'messages', 'settings'].map((name) => ({ name }));
  const references = [
    { child: 'threads', parent: 'users' },
    { child: 'messages', parent: 'threads' },
    { child: 'messages', parent: 'comparisons' },
    { child: 'comparisons', parent: 'users' },
    { child: 'votes', parent: 'comparisons' },
    { child: 'users', parent: 'users' },
  ];

  it('puts every table after the tables it refers to, ignoring self-references', () => {
    const order = dependencyOrder(tables, references).map((table) => table.name);
    for (const { child, parent } of references) {
      if (child !== parent) expect(order.indexOf(child)).toBeGreaterThan(order.indexOf(parent));
    }
    expect(order).toHaveLength(tables.length);
  });

  it('is deterministic: the same input gives the same order whatever the listing order', () => {
    expect(dependencyOrder([...tables].reverse(), references)).toEqual(dependencyOrder(tables, references).map((table) => ({ name: table.name })));
  });

  it('names the tables of a cycle', () => {
    expect(() => dependencyOrder([{ name: 'a' }, { name: 'b' }, { name: 'c' }], [{ child: 'a', parent: 'b' }, { child: 'b', parent: 'a' }])).toThrow('tables a, b refer to each other in a cycle');
  });
});
