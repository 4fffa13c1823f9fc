// Access-token verification latency while sign-ins hash passwords. argon2 and
// jose share libuv's 4-thread pool: uncapped hashing starves verification.
// Baseline: the same load hashing with argon2 directly (no cap).
import argon2 from 'argon2';
import { HASH_OPTIONS, hashPassword } from '../src/auth/passwords.js';
import { generateSigningJwk, loadKeyRing } from '../src/auth/keys.js';
import { createTokenService } from '../src/auth/tokens.js';

export interface LatencyResult {
  label: string;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(label: string, hash: (password: string) => Promise<unknown>, concurrentSignIns: number): Promise<LatencyResult> {
  const keys = await loadKeyRing({ privateJwks: JSON.stringify([await generateSigningJwk()]), dataDir: '', allowGenerate: false });
  const tokens = createTokenService(keys, { issuer: 'https://bench', audience: 'bench' });
  const { token } = await tokens.issuePersonToken({ accountId: 1, sessionId: 's', roles: [] });
  let running = true;
  const load = Array.from({ length: concurrentSignIns }, async (_, i) => {
    while (running) await hash(`bench password ${i}`);
  });
  const samples: number[] = [];
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    const started = process.hrtime.bigint();
    await tokens.verify(token);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  running = false;
  await Promise.all(load);
  samples.sort((a, b) => a - b);
  return { label, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
}

export async function benchTokenLatency(concurrentSignIns = 16): Promise<{ capped: LatencyResult; uncapped: LatencyResult }> {
  const uncapped = await measure('uncapped argon2 (baseline)', (p) => argon2.hash(p, HASH_OPTIONS), concurrentSignIns);
  const capped = await measure('capped hashing (ours)', hashPassword, concurrentSignIns);
  return { capped, uncapped };
}
