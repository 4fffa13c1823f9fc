// npm run verify-document -- --endpoint http://localhost:4000/graphql --id-number 1010000105 --document-number DL-1010000105
// A partner's call: the credentials come from PARTNER_CLIENT_ID and
// PARTNER_CLIENT_SECRET (from `npm run partner:create` at the platform), the
// operation is sent by its ID in our persisted operation list.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createPartnerClient, verifyDocument } from './partner-client.js';

const MANIFEST = new URL('../../../persisted-operations/manifest.json', import.meta.url);

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://localhost:4000/graphql' },
    'id-number': { type: 'string' },
    'document-number': { type: 'string' },
  },
});
const { PARTNER_CLIENT_ID: clientId, PARTNER_CLIENT_SECRET: clientSecret } = process.env;
if (!values['id-number'] || !values['document-number'] || !clientId || !clientSecret) {
  process.stderr.write('needs --id-number, --document-number, PARTNER_CLIENT_ID and PARTNER_CLIENT_SECRET\n');
  process.exit(2);
}

const client = createPartnerClient({ endpoint: values.endpoint!, clientId, clientSecret, manifest: JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) });
try {
  process.stdout.write(`${JSON.stringify(await verifyDocument(client, values['id-number'], values['document-number']))}\n`);
} finally {
  client.stop();
}
