// `npm run bench`: each measure is compared with its baseline in the same run
// and reported as a ratio, so the numbers mean the same on any machine.
import { benchTokenLatency } from './token-latency.js';
import { benchPreparedQueries } from './prepared-queries.js';

const results: Array<{ bench: string; ours: string; baseline: string; ratio: string; target: string; met: boolean }> = [];

const tokens = await benchTokenLatency();
const p99Ratio = tokens.uncapped.p99Ms / tokens.capped.p99Ms;
results.push({
  bench: 'JWT verify p99 during 16 concurrent sign-ins',
  ours: `${tokens.capped.p99Ms.toFixed(2)} ms`,
  baseline: `${tokens.uncapped.p99Ms.toFixed(2)} ms`,
  ratio: `${p99Ratio.toFixed(1)}x faster`,
  target: '>= 2x faster than uncapped',
  met: p99Ratio >= 2,
});

const queries = await benchPreparedQueries();
const queryRatio = queries.preparedPerSecond / queries.unpreparedPerSecond;
results.push({
  bench: 'account by ID (prepared statement)',
  ours: `${Math.round(queries.preparedPerSecond)}/s`,
  baseline: `${Math.round(queries.unpreparedPerSecond)}/s`,
  ratio: `${queryRatio.toFixed(1)}x faster`,
  target: '>= 2x faster than unprepared',
  met: queryRatio >= 2,
});

for (const r of results) {
  process.stdout.write(`${r.met ? 'MET ' : 'MISS'}  ${r.bench}: ours ${r.ours}, baseline ${r.baseline} -> ${r.ratio} (target ${r.target})\n`);
}
process.exitCode = results.every((r) => r.met) ? 0 : 1;
