// `npm run persisted:generate` writes persisted-operations/manifest.json from
// the operation documents; `--check` fails if the checked-in file is stale.
import fs from 'node:fs';
import { buildManifest, MANIFEST_FILE, serializeManifest } from '../src/server/persisted-operations.js';

const wanted = serializeManifest(buildManifest());
if (process.argv.includes('--check')) {
  const current = fs.existsSync(MANIFEST_FILE) ? fs.readFileSync(MANIFEST_FILE, 'utf8') : '';
  if (current !== wanted) {
    process.stderr.write('persisted-operations/manifest.json is stale: run npm run persisted:generate\n');
    process.exit(1);
  }
} else {
  fs.writeFileSync(MANIFEST_FILE, wanted);
  process.stdout.write(`wrote ${MANIFEST_FILE}\n`);
}
