// The persisted operation list (Apollo's manifest format): the only operations
// a partner token may run. It is generated from persisted-operations/*.graphql
// by `npm run persisted:generate`, checked in, and loaded at start.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse, print, type OperationDefinitionNode } from 'graphql';

export const PERSISTED_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../persisted-operations');
export const MANIFEST_FILE = path.join(PERSISTED_DIR, 'manifest.json');

export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

export interface Manifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Builds the manifest from the operation documents, one operation per file. */
export function buildManifest(dir = PERSISTED_DIR): Manifest {
  const operations = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .flatMap((file) => {
      const document = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      return document.definitions.map((definition) => {
        const operation = definition as OperationDefinitionNode;
        if (operation.kind !== 'OperationDefinition' || !operation.name) {
          throw new Error(`${file}: persisted documents hold named operations only`);
        }
        const body = print(operation);
        return { id: sha256(body), name: operation.name.value, type: operation.operation, body };
      });
    });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Loads the checked-in manifest, refusing one whose IDs do not match their bodies. */
export function loadPersistedOperations(file = MANIFEST_FILE): Map<string, PersistedOperation> {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) throw new Error(`${file} is not a persisted query manifest`);
  const byId = new Map<string, PersistedOperation>();
  for (const operation of manifest.operations) {
    if (sha256(operation.body) !== operation.id) throw new Error(`${file}: operation ${operation.name} has an id that is not the SHA-256 of its body`);
    byId.set(operation.id, operation);
  }
  return byId;
}
