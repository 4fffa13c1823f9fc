// Access-token verification latency while sign-ins hash passwords. argon2 and
// jose share libuv's 4-thread pool: uncapped hashing starves verification.
// Baseline: the same load hashing with argon2 directly (no cap).
//
// Each variant runs in a child process of its own, so neither warms the JIT
// for the other, and the peak resident memory (a process-wide high-water
// mark: freed argon2 memory stays with the allocator) belongs to that
// variant alone.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import { HASH_OPTIONS, hashPassword } from '../src/auth/passwords.js';
import { generateSigningJwk, loadKeyRing } from '../src/auth/keys.js';
import { createTokenService } from '../src/auth/tokens.js';

type Variant = 'capped' | 'uncapped';

export interface LatencyResult {
  label: string;
  p50Ms: number;
  p99Ms: number;
  /** Passwords hashed per second by the concurrent sign-ins meanwhile. */
  hashesPerSecond: number;
  /** Resident memory of the child before the sign-ins started, and its peak. */
  rssBeforeMb: number;
  peakRssMb: number;
}

const HASHERS: Record<Variant, { label: string; hash: (password: string) => Promise<unknown> }> = {
  capped: { label: 'capped hashing (ours)', hash: hashPassword },
  uncapped: { label: 'uncapped argon2 (baseline)', hash: (password) => argon2.hash(password, HASH_OPTIONS) },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;
// resourceUsage().maxRSS is in kilobytes.
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function measure(variant: Variant, concurrentSignIns: number): Promise<LatencyResult> {
  const { label, hash } = HASHERS[variant];
  const keys = await loadKeyRing({ privateJwks: JSON.stringify([await generateSigningJwk()]), dataDir: '', allowGenerate: false });
  const tokens = createTokenService(keys, { issuer: 'https://bench', audience: 'bench' });
  const { token } = await tokens.issuePersonToken({ accountId: 1, sessionId: 's', roles: [] });
  await tokens.verify(token);
  const rssBeforeMb = rssMb();
  let running = true;
  let hashes = 0;
  const load = Array.from({ length: concurrentSignIns }, async (_, i) => {
    while (running) {
      await hash(`bench password ${i}`);
      hashes += 1;
    }
  });
  const samples: number[] = [];
  const windowMs = 3000;
  const until = Date.now() + windowMs;
  while (Date.now() < until) {
    const started = process.hrtime.bigint();
    await tokens.verify(token);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  running = false;
  await Promise.all(load);
  samples.sort((a, b) => a - b);
  return { label, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), hashesPerSecond: hashes / (windowMs / 1000), rssBeforeMb, peakRssMb: peakRssMb() };
}

/** Median time of one hash at our parameters, with nothing else running. */
async function timeOneHash(runs = 9): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await argon2.hash(`bench password ${i}`, HASH_OPTIONS);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

const thisFile = fileURLToPath(import.meta.url);

function inChild<T>(...args: string[]): T {
  const output = execFileSync(process.execPath, ['--import', 'tsx', thisFile, ...args], { encoding: 'utf8' });
  return JSON.parse(output) as T;
}

export async function benchTokenLatency(concurrentSignIns = 16): Promise<{ capped: LatencyResult; uncapped: LatencyResult; oneHashMs: number }> {
  return {
    oneHashMs: inChild<number>('one-hash'),
    capped: inChild<LatencyResult>('capped', String(concurrentSignIns)),
    uncapped: inChild<LatencyResult>('uncapped', String(concurrentSignIns)),
  };
}

if (process.argv[1] === thisFile) {
  const [mode, signIns] = process.argv.slice(2);
  const result = mode === 'one-hash' ? await timeOneHash() : await measure(mode as Variant, Number(signIns));
  process.stdout.write(JSON.stringify(result));
}
