// npm run schema:print      writes schema.graphql from schema/*.graphql
// npm run schema:check      fails if schema.graphql is stale, or if it breaks
//                           the previous commit's schema.graphql without the
//                           change being listed in schema-reviewed-breaking.txt
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { breakingChanges, printPublicSchema, unreviewed } from '../src/server/schema-snapshot.js';

const SNAPSHOT = 'schema.graphql';
const REVIEWED = 'schema-reviewed-breaking.txt';

function previousSnapshot(): string | null {
  try {
    return execFileSync('git', ['show', `HEAD~1:${SNAPSHOT}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // first commit with a snapshot, or no git history
  }
}

const current = printPublicSchema();
if (process.argv[2] === 'print') {
  fs.writeFileSync(SNAPSHOT, current);
  process.stdout.write(`wrote ${SNAPSHOT}\n`);
} else {
  const checkedIn = fs.existsSync(SNAPSHOT) ? fs.readFileSync(SNAPSHOT, 'utf8') : '';
  if (checkedIn !== current) {
    process.stderr.write(`${SNAPSHOT} is stale: run npm run schema:print and review the diff\n`);
    process.exit(1);
  }
  const before = previousSnapshot();
  if (before) {
    const reviewed = fs.existsSync(REVIEWED) ? fs.readFileSync(REVIEWED, 'utf8').split('\n') : [];
    const problems = unreviewed(await breakingChanges(before, current), reviewed);
    if (problems.length) {
      for (const p of problems) process.stderr.write(`breaking: ${p.path}: ${p.message}\n`);
      process.stderr.write(`Unreviewed breaking schema changes. Deprecate with @deprecated(reason:) instead, or list the paths in ${REVIEWED}.\n`);
      process.exit(1);
    }
  }
  process.stdout.write('schema snapshot up to date; no unreviewed breaking change\n');
}
