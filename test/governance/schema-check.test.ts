// `npm run schema:check` in throwaway git repositories: it compares with the
// schema published at the merge-base with main, so a breaking change made
// early on a branch is caught however many commits follow, and it refuses to
// pass when the history it needs is missing (a shallow clone).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printPublicSchema } from '../../src/server/schema-snapshot.js';

const TSX = path.resolve('node_modules/.bin/tsx');
const SCRIPT = path.resolve('scripts/schema.ts');
const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const gitEnv = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.sa', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.sa' };

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...gitEnv } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

function schemaCheck(cwd: string, env: Record<string, string> = {}) {
  const run = spawnSync(TSX, [SCRIPT, 'check'], { cwd, encoding: 'utf8', env: { ...process.env, SCHEMA_BASE: '', ...env } });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Writes schema/ with these Query fields and schema.graphql as `schema:print` would, and commits both. */
function commitSchema(cwd: string, fields: string[], message: string) {
  const sdl = `type Query {\n${fields.map((f) => `  "${f}" ${f}: String`).join('\n')}\n}\n`;
  fs.mkdirSync(path.join(cwd, 'schema'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'schema', 'api.graphql'), sdl);
  fs.writeFileSync(path.join(cwd, 'schema.graphql'), printPublicSchema([sdl]));
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '-m', message);
}

function publishedRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-schema-check-'));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  commitSchema(dir, ['apiName', 'apiVersion'], 'published schema');
  return dir;
}

describe('schema:check', () => {
  it('catches a field removed early on a branch, though later commits only add', () => {
    const repo = publishedRepo();
    git(repo, 'switch', '-q', '-c', 'feature');
    commitSchema(repo, ['apiVersion'], 'remove apiName');
    commitSchema(repo, ['apiTitle', 'apiVersion'], 'add apiTitle');
    const run = schemaCheck(repo);
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(/breaking: Query\.apiName/);
    expect(run.output).toMatch(/merge-base with main/);
  }, 30_000);

  it('passes a branch that only adds, naming what it compared with', () => {
    const repo = publishedRepo();
    const published = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'switch', '-q', '-c', 'feature');
    commitSchema(repo, ['apiName', 'apiTitle', 'apiVersion'], 'add apiTitle');
    const run = schemaCheck(repo);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(`since ${published.slice(0, 12)} (merge-base with main)`);
  }, 30_000);

  it('on main, compares with the previous commit', () => {
    const repo = publishedRepo();
    commitSchema(repo, ['apiVersion'], 'remove apiName on main');
    const run = schemaCheck(repo);
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(/breaking: Query\.apiName.*\n.*previous commit/);
  }, 30_000);

  it('fails loudly in a shallow clone instead of skipping', () => {
    const repo = publishedRepo();
    commitSchema(repo, ['apiVersion'], 'remove apiName');
    const shallow = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-schema-shallow-'));
    made.push(shallow);
    git(shallow, 'clone', '-q', '--depth', '1', `file://${repo}`, '.');
    expect(git(shallow, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const run = schemaCheck(shallow);
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(/cannot tell whether this breaks clients: this clone is shallow/);
  }, 30_000);

  it('fails loudly when the base it is told to use does not exist', () => {
    const repo = publishedRepo();
    const run = schemaCheck(repo, { SCHEMA_BASE: 'release-2025' });
    expect(run.status, run.output).toBe(1);
    expect(run.output).toMatch(/no release-2025 to compare with/);
  }, 30_000);
});
