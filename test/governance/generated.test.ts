// Generated code and migrations are produced by commands, never by hand; these
// tests fail when someone changed the source and forgot to regenerate.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('generated files', () => {
  it('src/generated and the client example match schema/ (run npm run codegen)', () => {
    // The CLI's own check mode: it generates in memory and names stale files.
    const run = spawnSync(process.execPath, [path.resolve('node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.ts', '--check'], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/stale files/);
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  }, 60_000);

  it.each([
    ['sqlite', 'drizzle.config.ts'],
    ['postgres', 'drizzle.postgres.config.ts'],
  ])('migrations/%s covers every table (drizzle-kit finds no change to generate: run npm run db:generate)', (dialect, config) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-migrations-'));
    fs.cpSync(path.join('migrations', dialect), dir, { recursive: true });
    const before = fs.readdirSync(dir).length;
    // drizzle-kit can exit 0 after an error, so read what it printed; it
    // joins `out` to './', so the scratch folder is given relative.
    const run = spawnSync(process.execPath, [path.resolve('node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', config], {
      encoding: 'utf8',
      env: { ...process.env, DRIZZLE_OUT: path.relative(process.cwd(), dir) },
    });
    expect(`${run.stdout}${run.stderr}`).toMatch(/No schema changes/);
    expect(fs.readdirSync(dir).length).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
