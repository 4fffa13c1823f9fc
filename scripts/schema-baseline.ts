// Which published schema `npm run schema:check` compares against: the one at
// the merge-base with main, so every change a branch makes is checked, not
// only its last commit. On main itself (the merge-base is HEAD) it is the
// previous commit's. Without the history to find it (a shallow clone, no git,
// no main) the check fails and says why: skipping would let a breaking change
// through silently.
import { execFileSync } from 'node:child_process';

export class SchemaHistoryError extends Error {}

export interface Baseline {
  /** The commit whose snapshot is compared against. */
  commit: string;
  /** How it was chosen, for the check's output. */
  reason: string;
  /** The snapshot at that commit, or null when it had none yet. */
  snapshot: string | null;
}

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function tryGit(args: string[], cwd: string): string | null {
  try {
    return git(args, cwd);
  } catch {
    return null;
  }
}

/**
 * `baseRef` names what to compare against (SCHEMA_BASE); by default the
 * branch `main`, or `origin/main` in a clone that has only the remote one.
 * Returns null only for a repository whose first commit is HEAD.
 */
export function findBaseline(options: { cwd: string; snapshotFile: string; baseRef?: string }): Baseline | null {
  const { cwd, snapshotFile } = options;
  if (tryGit(['rev-parse', '--is-inside-work-tree'], cwd) !== 'true') {
    throw new SchemaHistoryError('not a git work tree: the check needs git history to find the published schema (set SCHEMA_BASE to a commit once history is there)');
  }
  if (git(['rev-parse', '--is-shallow-repository'], cwd) === 'true') {
    throw new SchemaHistoryError('this clone is shallow: the published schema lies in history it does not have. Run `git fetch --unshallow` (or clone with full history, e.g. fetch-depth: 0) and check again');
  }
  const candidates = options.baseRef ? [options.baseRef] : ['main', 'origin/main'];
  const baseRef = candidates.find((ref) => tryGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd));
  if (!baseRef) {
    throw new SchemaHistoryError(`no ${candidates.join(' or ')} to compare with: fetch main, or set SCHEMA_BASE to the commit clients last saw`);
  }
  const head = git(['rev-parse', 'HEAD'], cwd);
  const mergeBase = tryGit(['merge-base', 'HEAD', baseRef], cwd);
  if (!mergeBase) throw new SchemaHistoryError(`HEAD and ${baseRef} share no history: set SCHEMA_BASE to the commit clients last saw`);

  let commit = mergeBase;
  let reason = `merge-base with ${baseRef}`;
  if (mergeBase === head) {
    const parent = tryGit(['rev-parse', '--verify', '--quiet', 'HEAD^'], cwd);
    if (!parent) return null;
    commit = parent;
    reason = `the previous commit (HEAD is on ${baseRef})`;
  }
  const snapshot = tryGit(['show', `${commit}:${snapshotFile}`], cwd);
  return { commit, reason, snapshot };
}
