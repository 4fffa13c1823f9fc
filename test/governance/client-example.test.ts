// The example client package (examples/web-client, an npm workspace) against
// the real server: the fetch client, the Apollo Client registration flow run
// through the package's own script, and a partner's persisted operation sent
// by ID through Apollo's persisted-query-lists link.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, STRONG_PASSWORD } from '../helpers/people.js';
import { registryDocuments } from '../../src/modules/registry/tables.js';
import { MANIFEST_FILE } from '../../src/server/persisted-operations.js';
import { register } from '../../examples/web-client/src/client.js';
import { createPartnerClient, verifyDocument } from '../../examples/web-client/src/partner-client.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

describe('the typed fetch client', () => {
  it('drives the registration flow end to end against the real server', async () => {
    const person = await addRegistryPerson(platform);
    const shownMasks: string[] = [];
    const result = await register(
      { endpoint: `${platform.url}/graphql` },
      { idNumber: person.idNumber, dateOfBirth: person.dateOfBirth, username: 'frontend_demo', password: STRONG_PASSWORD, email: 'fe@example.sa' },
      async (maskedMobile) => {
        shownMasks.push(maskedMobile);
        return platform.lastCode(person.mobile);
      },
    );
    expect(result.userErrors).toEqual([]);
    expect(result.account?.username).toBe('frontend_demo');
    expect(shownMasks[0]?.endsWith(person.mobile.slice(-4))).toBe(true);
  });

  it('returns the refusal in the language asked for, with its typed code', async () => {
    const result = await register(
      { endpoint: `${platform.url}/graphql`, language: 'ar' },
      { idNumber: '1000000009', dateOfBirth: '1990-01-01', username: 'x_user', password: STRONG_PASSWORD, email: 'x@example.sa' },
      async () => '000000',
    );
    expect(result.userErrors[0]).toMatchObject({ code: 'INVALID_ID_NUMBER', typedCode: 'INVALID_ID_NUMBER' });
    expect(result.userErrors[0]?.message).toMatch(/[\u0600-\u06FF]/);
  });
});

/**
 * Runs one of the example package's scripts; `answerCode` answers its prompt
 * for the SMS code, as a person at the terminal would.
 */
function runExampleScript(script: string, args: string[], env: Record<string, string>, answerCode?: () => string): Promise<{ exitCode: number | null; output: string }> {
  const child = spawn('npm', ['run', '--silent', script, '--workspace', 'examples/web-client', '--', ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let answered = false;
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    if (answerCode && !answered && /Enter the code sent to \S+: $/.test(output)) {
      answered = true;
      child.stdin.write(`${answerCode()}\n`);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  return new Promise((resolve) => child.on('close', (exitCode) => resolve({ exitCode, output })));
}

describe('the example package', () => {
  it('declares its own dependencies and scripts', () => {
    const pkg = JSON.parse(fs.readFileSync('examples/web-client/package.json', 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['@apollo/client', '@apollo/persisted-query-lists', 'graphql']));
    expect(pkg.scripts.register).toBeDefined();
  });

  it('registers a person with Apollo Client through `npm run register`, asking for the SMS code', async () => {
    const person = await addRegistryPerson(platform);
    const run = await runExampleScript(
      'register',
      ['--endpoint', `${platform.url}/graphql`, '--id-number', person.idNumber, '--date-of-birth', person.dateOfBirth, '--username', 'apollo_demo', '--email', 'apollo@example.sa'],
      { REGISTRATION_PASSWORD: STRONG_PASSWORD },
      () => platform.lastCode(person.mobile),
    );
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(new RegExp(`Enter the code sent to \\S*${person.mobile.slice(-4)}: `));
    const result = JSON.parse(run.output.trim().split('\n').at(-1)!) as { account?: { username: string }; userErrors: unknown[] };
    expect(result).toMatchObject({ account: { id: expect.any(String), username: 'apollo_demo' }, userErrors: [] });
  }, 60_000);

  it('lets a partner verify a document by its persisted operation ID, never sending the query text', async () => {
    const partner = await platform.services.partners.create({ name: 'Example Bank', scopes: ['documents:verify'] });
    const person = await addRegistryPerson(platform);
    const documentNumber = `DL-${person.idNumber}`;
    await platform.db.atomically(async (tx) => { await tx.insert(registryDocuments).values({ personIdNumber: person.idNumber, type: 'DRIVING_LICENSE', number: documentNumber, issuedOn: '2022-01-01', expiresOn: '2099-01-01' }); });

    const client = createPartnerClient({
      endpoint: `${platform.url}/graphql`,
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      manifest: JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')),
    });
    // The server refuses query text from a partner (OPERATION_NOT_ALLOWED): an answer means only the ID went.
    expect(await verifyDocument(client, person.idNumber, documentNumber)).toEqual({ valid: true, type: 'DRIVING_LICENSE', expiresOn: '2099-01-01' });
    expect(await verifyDocument(client, person.idNumber, 'DL-0000000000')).toMatchObject({ valid: false });
    client.stop();

    const run = await runExampleScript('verify-document', ['--endpoint', `${platform.url}/graphql`, '--id-number', person.idNumber, '--document-number', documentNumber], {
      PARTNER_CLIENT_ID: partner.clientId,
      PARTNER_CLIENT_SECRET: partner.clientSecret,
    });
    expect(run.exitCode, run.output).toBe(0);
    expect(JSON.parse(run.output.trim().split('\n').at(-1)!)).toEqual({ valid: true, type: 'DRIVING_LICENSE', expiresOn: '2099-01-01' });
  }, 60_000);
});
