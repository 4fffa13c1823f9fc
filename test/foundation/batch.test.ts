// DataLoader batch answers must follow the keys (order, duplicates, misses),
// whatever order SQL returned the rows in (security checklist D6).
import { describe, expect, it } from 'vitest';
import { byKeys, groupedByKeys } from '../../src/server/batch.js';

// A small deterministic generator: the property holds for every seed tried.
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
const shuffle = <T>(items: T[], next: () => number) => items.map((item) => ({ item, at: next() })).sort((a, b) => a.at - b.at).map(({ item }) => item);

describe('batch answers in key order', () => {
  it('byKeys: one answer per key, in order, null for a missing key, duplicates answered twice', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const stored = Array.from({ length: 1 + Math.floor(next() * 20) }, (_, i) => ({ id: i * 3, name: `row ${i * 3}` }));
      const keys = Array.from({ length: 1 + Math.floor(next() * 30) }, () => Math.floor(next() * 70));
      const rows = shuffle(stored.filter((row) => keys.includes(row.id)), next);
      const answers = byKeys(keys, rows, (row) => row.id);
      expect(answers).toHaveLength(keys.length);
      keys.forEach((key, i) => expect(answers[i]).toEqual(stored.find((row) => row.id === key) ?? null));
    }
  });

  it('groupedByKeys: every key gets exactly its own rows, an empty list when it has none', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const stored = Array.from({ length: Math.floor(next() * 40) }, (_, i) => ({ id: i, owner: Math.floor(next() * 10) }));
      const keys = Array.from({ length: 1 + Math.floor(next() * 15) }, () => Math.floor(next() * 14));
      const rows = shuffle(stored.filter((row) => keys.includes(row.owner)), next);
      const answers = groupedByKeys(keys, rows, (row) => row.owner);
      expect(answers).toHaveLength(keys.length);
      keys.forEach((key, i) => {
        expect(answers[i]!.every((row) => row.owner === key)).toBe(true);
        expect(answers[i]!.map((row) => row.id).sort((a, b) => a - b)).toEqual(stored.filter((row) => row.owner === key).map((row) => row.id));
      });
    }
  });
});
