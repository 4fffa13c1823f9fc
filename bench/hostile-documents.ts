// Hostile GraphQL documents (the checklist's query-shape classes) sent to the
// real HTTP server: how long each takes to be refused, compared with a
// trivial valid query in the same run, and whether the heap stays flat after
// many of them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/server/logger.js';
import { startPlatform } from '../src/server/platform.js';

export interface HostileClassResult {
  name: string;
  /** HTTP status and first error code, to show it was refused and how. */
  answer: string;
  refused: boolean;
  p50Ms: number;
  /** Heap left behind by this class's requests, after a full collection (client and server share the process). */
  heapGrowthMb: number;
}

export interface HostileDocumentsBench {
  baselineP50Ms: number;
  classes: HostileClassResult[];
  heapGrowthMb: number;
  requestsSent: number;
}

const nested = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${nested(levels - 1)} }`);

/** Each body as a client would POST it. */
const HOSTILE: Array<{ name: string; body: unknown }> = [
  { name: '40-deep introspection', body: { query: `{ __schema { types { fields { type { ${nested(40)} } } } } }` } },
  { name: '40-deep introspection named __schema', body: { query: `query __schema { __schema { types { fields { type { ${nested(40)} } } } } }` } },
  { name: '200 aliases', body: { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: apiInfo { version }`).join(' ')} }` } },
  {
    name: 'aliases through a fragment spread twice',
    body: { query: `query { ...F ...F } fragment F on Query { ${Array.from({ length: 9 }, (_, i) => `f${i}: apiInfo { version }`).join(' ')} }` },
  },
  { name: '5,000 tokens', body: { query: `{ ${'apiInfo { version } '.repeat(1250)} }` } },
  { name: '1,900 repeated fields (field-merging check)', body: { query: `{ ${'__typename '.repeat(1900)} }` } },
  { name: '51 directives', body: { query: `{ apiInfo { version ${'@include(if: true) '.repeat(51)} } }` } },
  {
    name: '200 x 100 inline fragments',
    body: { query: `{ ${Array.from({ length: 200 }, () => `... on Query { ${'__typename '.repeat(100)}}`).join(' ')} }` },
  },
  { name: '1 MB body', body: { query: `{ apiInfo { version } } #${'x'.repeat(1 << 20)}` } },
  { name: 'batch of 100 operations', body: Array.from({ length: 100 }, () => ({ query: '{ apiInfo { version } }' })) },
];

const BASELINE = { query: '{ apiInfo { version } }' };

function percentile50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function settleHeap(): number {
  // `node --expose-gc` makes this exact; without it the figure is noisier.
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

export async function benchHostileDocuments(rounds = 50): Promise<HostileDocumentsBench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-bench-hostile-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'no' });
  const platform = await startPlatform(config, { logger: createLogger({ level: 'silent' }) });
  const url = `${platform.url}/graphql`;
  const send = async (body: unknown) => {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let code = '';
    try {
      const parsed = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
      code = parsed.errors?.[0]?.extensions?.code ?? '';
    } catch {
      code = 'non-JSON';
    }
    return { ms, status: response.status, code };
  };

  try {
    for (let i = 0; i < 20; i++) await send(BASELINE); // warm up
    const baseline: number[] = [];
    for (let i = 0; i < rounds; i++) baseline.push((await send(BASELINE)).ms);

    const heapBefore = settleHeap();
    let requestsSent = 0;
    const classes: HostileClassResult[] = [];
    for (const hostile of HOSTILE) {
      const classHeapBefore = settleHeap();
      const samples: number[] = [];
      let last = { status: 0, code: '' };
      for (let i = 0; i < rounds; i++) {
        const answer = await send(hostile.body);
        samples.push(answer.ms);
        last = answer;
        requestsSent++;
      }
      classes.push({
        name: hostile.name,
        answer: `${last.status} ${last.code}`.trim(),
        refused: last.status >= 400 || last.code !== '',
        p50Ms: percentile50(samples),
        heapGrowthMb: (settleHeap() - classHeapBefore) / (1 << 20),
      });
    }
    const heapGrowthMb = (settleHeap() - heapBefore) / (1 << 20);
    return { baselineP50Ms: percentile50(baseline), classes, heapGrowthMb, requestsSent };
  } finally {
    await platform.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
