// DataLoader batch answers must follow the keys (order, duplicates, misses),
// whatever order SQL returned the rows in (security checklist D6). Property
// tests: fast-check makes the keys and the row order, and shrinks a failure
// to its smallest case.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byKeys, groupedByKeys } from '../../src/server/batch.js';

/** The rows SQL's IN would return: those of the keys, in an order of fast-check's choosing. */
const asSqlReturns = <R>(rows: R[], matches: (row: R) => boolean, order: fc.Stream<number>): R[] =>
  rows
    .filter(matches)
    .map((row) => ({ row, at: order.next().value as number }))
    .sort((a, b) => a.at - b.at)
    .map(({ row }) => row);

describe('batch answers in key order', () => {
  it('byKeys: one answer per key, in order, null for a missing key, duplicates answered twice', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { minLength: 1, maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        (storedIds, keys, order) => {
          const stored = storedIds.map((id) => ({ id, name: `row ${id}` }));
          const rows = asSqlReturns(stored, (row) => keys.includes(row.id), order);
          const answers = byKeys(keys, rows, (row) => row.id);
          expect(answers).toHaveLength(keys.length);
          keys.forEach((key, i) => expect(answers[i]).toEqual(stored.find((row) => row.id === key) ?? null));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('groupedByKeys: every key gets exactly its own rows, an empty list when it has none', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 15 }),
        fc.infiniteStream(fc.nat()),
        (owners, keys, order) => {
          const stored = owners.map((owner, id) => ({ id, owner }));
          const rows = asSqlReturns(stored, (row) => keys.includes(row.owner), order);
          const answers = groupedByKeys(keys, rows, (row) => row.owner);
          expect(answers).toHaveLength(keys.length);
          keys.forEach((key, i) => {
            expect(answers[i]!.every((row) => row.owner === key)).toBe(true);
            expect(answers[i]!.map((row) => row.id).sort((a, b) => a - b)).toEqual(stored.filter((row) => row.owner === key).map((row) => row.id));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
