// npm run schema:print      writes schema.graphql from schema/*.graphql
// npm run schema:check      fails if schema.graphql is stale, or if it breaks
//                           the schema.graphql published at the merge-base
//                           with main (SCHEMA_BASE=<ref> to choose another)
//                           without the change being listed in
//                           schema-reviewed-breaking.txt; fails too when the
//                           git history to compare with is missing
import fs from 'node:fs';
import path from 'node:path';
import { breakingChanges, printPublicSchema, unreviewed } from '../src/server/schema-snapshot.js';
import { readSchemaFiles } from '../src/server/schema.js';
import { findBaseline, SchemaHistoryError } from './schema-baseline.js';

const SNAPSHOT = 'schema.graphql';
const REVIEWED = 'schema-reviewed-breaking.txt';

// npm runs scripts from the package root: schema/ and the snapshot are read there.
const current = printPublicSchema(readSchemaFiles(path.resolve('schema')));
if (process.argv[2] === 'print') {
  fs.writeFileSync(SNAPSHOT, current);
  process.stdout.write(`wrote ${SNAPSHOT}\n`);
} else {
  const checkedIn = fs.existsSync(SNAPSHOT) ? fs.readFileSync(SNAPSHOT, 'utf8') : '';
  if (checkedIn !== current) {
    process.stderr.write(`${SNAPSHOT} is stale: run npm run schema:print and review the diff\n`);
    process.exit(1);
  }
  let baseline;
  try {
    baseline = findBaseline({ cwd: process.cwd(), snapshotFile: SNAPSHOT, baseRef: process.env.SCHEMA_BASE || undefined });
  } catch (error) {
    if (!(error instanceof SchemaHistoryError)) throw error;
    process.stderr.write(`schema:check cannot tell whether this breaks clients: ${error.message}\n`);
    process.exit(1);
  }
  if (!baseline) {
    process.stdout.write('schema snapshot up to date; first commit, no published schema to compare with\n');
  } else if (!baseline.snapshot) {
    process.stdout.write(`schema snapshot up to date; ${baseline.commit.slice(0, 12)} (${baseline.reason}) has no ${SNAPSHOT} to compare with\n`);
  } else {
    const reviewed = fs.existsSync(REVIEWED) ? fs.readFileSync(REVIEWED, 'utf8').split('\n') : [];
    const problems = unreviewed(await breakingChanges(baseline.snapshot, current), reviewed);
    if (problems.length) {
      for (const p of problems) process.stderr.write(`breaking: ${p.path}: ${p.message}\n`);
      process.stderr.write(
        `Unreviewed breaking schema changes since ${baseline.commit.slice(0, 12)} (${baseline.reason}). Deprecate with @deprecated(reason:) instead, or list the paths in ${REVIEWED}.\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`schema snapshot up to date; no unreviewed breaking change since ${baseline.commit.slice(0, 12)} (${baseline.reason})\n`);
  }
}
