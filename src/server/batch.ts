// DataLoader batch functions must answer in key order, one answer per key;
// SQL `IN (...)` returns rows in any order and once per row.
export function byKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): Array<R | null> {
  const index = new Map<K, R>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

export function groupedByKeys<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const index = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = index.get(key);
    if (group) group.push(row);
    else index.set(key, [row]);
  }
  return keys.map((key) => index.get(key) ?? []);
}
