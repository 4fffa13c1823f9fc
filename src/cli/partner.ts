// Partner administration from the command line:
//   npm run partner:create -- --name "Al Rajhi Bank" --scopes documents:verify,identity:match [--rpm 120]
//   npm run partner:rotate-secret -- --client-id pc_...
//   npm run partner:disable -- --client-id pc_...
// Prints one JSON object on stdout; the secret is shown once and stored only as a hash.
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase } from '../db/open.js';
import { createPartnersStore } from '../modules/partners/store.js';
import { createPartnersService, PartnerInputError } from '../modules/partners/service.js';
import { createRegistryService } from '../modules/registry/service.js';
import { createRegistryStore } from '../modules/registry/store.js';
import type { TokenService } from '../auth/tokens.js';

const USAGE = 'usage: partner create --name <name> --scopes <scope,scope> [--rpm N] | partner rotate-secret --client-id <id> | partner disable --client-id <id>';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, scopes: { type: 'string' }, rpm: { type: 'string' }, 'client-id': { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const config = loadConfig();
  const db = await openDatabase(config.database);
  // Administration never signs tokens: the token service is not needed here.
  const partners = createPartnersService({
    store: createPartnersStore(db),
    tokens: null as unknown as TokenService,
    registry: createRegistryService(createRegistryStore(db)),
  });
  try {
    let result: unknown;
    if (command === 'create') {
      if (!values.name || !values.scopes) fail(USAGE, 2);
      const rpm = values.rpm === undefined ? undefined : Number(values.rpm);
      if (rpm !== undefined && (!Number.isInteger(rpm) || rpm < 1 || rpm > 100_000)) fail('--rpm must be a whole number from 1 to 100000', 2);
      result = await partners.create({ name: values.name, scopes: values.scopes.split(',').map((s) => s.trim()).filter(Boolean), requestsPerMinute: rpm });
    } else if (command === 'rotate-secret' && values['client-id']) {
      result = await partners.rotateSecret(values['client-id']);
    } else if (command === 'disable' && values['client-id']) {
      await partners.disable(values['client-id']);
      result = { clientId: values['client-id'], status: 'DISABLED' };
    } else {
      fail(USAGE, 2);
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    if (error instanceof PartnerInputError) fail(error.message, 2);
    throw error;
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => fail(error instanceof ConfigError ? error.message : String((error as Error).stack ?? error), 1));
