// /metrics, scraped as Prometheus would, moves with what the platform does:
// operations and their outcome, errors by code, SMS sent and refused, card
// charges by outcome, the argon2 queue. It is served on its own port only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { MAX_OPERATION_NAMES } from '../../src/server/metrics.js';
import { addRegistryPerson, registerAccount, signInAccount, operations as identityOperations, type SignedIn } from '../helpers/people.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addBill } from '../helpers/violations.js';

const SMS_HOURLY_BUDGET = 4;
let platform: TestPlatform;
let person: SignedIn;
beforeAll(async () => {
  platform = await startTestPlatform({ METRICS_PORT: '0', SMS_HOURLY_BUDGET: String(SMS_HOURLY_BUDGET) });
  person = await signInAccount(platform, await registerAccount(platform));
});
afterAll(async () => {
  await platform.stop();
});

type Samples = Array<{ name: string; labels: Record<string, string>; value: number }>;

async function scrape(): Promise<Samples> {
  const response = await fetch(`${platform.metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** Prometheus' text format, samples only (what a scrape stores). */
function parseExposition(text: string): Samples {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of a metric's samples whose labels include `labels`. */
function valueOf(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const PAY = `mutation Pay($input: PayBillsInput!) { payBills(input: $input) { payment { status } userErrors { code } } }`;
let keys = 0;
const pay = async (cardToken: string) =>
  platform.gql<any>(PAY, { input: { billIds: [(await addBill(platform, person.idNumber)).billId], idempotencyKey: `metrics-${++keys}`, paymentMethod: { cardToken } } }, { token: person.accessToken });

describe('/metrics', () => {
  it('counts operations by name and outcome, with their latency, and errors by code', async () => {
    const before = await scrape();
    await platform.gql('query ApiVersion { apiInfo { version } }');
    await platform.gql('query ApiVersion { apiInfo { version } }');
    await platform.gql('query Broken { apiInfo { nothingHere } }');
    await platform.gql('query Mine { me { id } }');
    await platform.gql('{ me { id } }', {}, { headers: { authorization: 'Bearer not-a-token' } });
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);

    expect(moved('absher_graphql_operations_total', { operation: 'ApiVersion', type: 'query', outcome: 'ok' })).toBe(2);
    expect(moved('absher_graphql_operation_duration_seconds_count', { operation: 'ApiVersion', type: 'query' })).toBe(2);
    // A document that fails validation never runs: it has no operation to name.
    expect(moved('absher_graphql_operations_total', { operation: '(none)', outcome: 'refused' })).toBe(1);
    expect(moved('absher_graphql_operations_total', { operation: 'Mine', type: 'query', outcome: 'error' })).toBe(1);
    expect(moved('absher_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    // One refused by the field's access rule, one by the token check before GraphQL.
    expect(moved('absher_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(2);
    expect(moved('absher_http_requests_total', { route: '/graphql', method: 'POST', status: '401' })).toBe(1);
    expect(moved('absher_http_requests_total', { route: '/graphql', method: 'POST', status: '200' })).toBe(3);
    expect(moved('absher_http_requests_total', { route: '/graphql', method: 'POST', status: '400' })).toBe(1);
    expect(moved('absher_http_request_duration_seconds_count', { route: '/graphql', method: 'POST' })).toBe(5);
  });

  it('counts card charges by outcome', async () => {
    const before = await scrape();
    expect((await pay('tok_visa')).data.payBills.payment.status).toBe('SUCCEEDED');
    expect((await pay('tok_declined')).data.payBills.userErrors[0].code).toBe('CARD_DECLINED');
    expect((await pay('tok_gateway_error')).data.payBills.userErrors[0].code).toBeDefined();
    const after = await scrape();
    const moved = (outcome: string) => valueOf(after, 'absher_payment_charges_total', { outcome }) - valueOf(before, 'absher_payment_charges_total', { outcome });
    expect([moved('approved'), moved('declined'), moved('no_answer')]).toEqual([1, 1, 1]);
  });

  it('counts SMS sent, and SMS refused once the hourly budget is spent', async () => {
    const before = await scrape();
    const started: string[] = [];
    // Each registration start sends one SMS until the budget (counting the one spent in beforeAll) is gone.
    for (let i = 0; i < SMS_HOURLY_BUDGET; i++) {
      const someone = await addRegistryPerson(platform);
      const answer = await platform.gql<any>(identityOperations.START, { input: { idNumber: someone.idNumber, dateOfBirth: someone.dateOfBirth } });
      started.push(answer.data.startRegistration.userErrors[0]?.code ?? 'SENT');
    }
    expect(started).toEqual(['SENT', 'SENT', 'SENT', 'TOO_MANY_ATTEMPTS']);
    const after = await scrape();
    const moved = (name: string, purpose: string) => valueOf(after, name, { purpose }) - valueOf(before, name, { purpose });
    expect(moved('absher_sms_sent_total', 'REGISTRATION')).toBe(3);
    expect(moved('absher_sms_refused_total', 'REGISTRATION')).toBe(1);
    // The sign-in in beforeAll sent its code too.
    expect(valueOf(after, 'absher_sms_sent_total', { purpose: 'SIGN_IN' })).toBeGreaterThanOrEqual(1);
  });

  it('shows the argon2 queue: hashes waiting for one of the slots', async () => {
    expect(valueOf(await scrape(), 'absher_argon2_queue_depth')).toBe(0);
    const hashes = Array.from({ length: 6 }, () => hashPassword('a long passphrase of mine'));
    // Read before any hash can finish: a hash ends on a later turn of the event loop.
    const during = parseExposition(await platform.metrics.registry.metrics());
    await Promise.all(hashes);
    expect(valueOf(during, 'absher_argon2_active') + valueOf(during, 'absher_argon2_queue_depth')).toBe(6);
    expect(valueOf(during, 'absher_argon2_queue_depth')).toBeGreaterThanOrEqual(4);
    expect(valueOf(await scrape(), 'absher_argon2_queue_depth')).toBe(0);
  });

  it('includes Node\'s process metrics', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name.startsWith('nodejs_eventloop_lag'))).toBe(true);
  });

  it('keeps operation names a client invents from growing without bound', async () => {
    const names = Array.from({ length: MAX_OPERATION_NAMES + 20 }, (_, i) => `Invented${i}`);
    for (const name of names) platform.metrics.operationAnswered({ name, type: 'query', ran: true, failed: false, seconds: 0.001 });
    const samples = await scrape();
    const labelled = new Set(samples.filter((s) => s.name === 'absher_graphql_operations_total').map((s) => s.labels.operation));
    expect(labelled.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3); // + (anonymous), (none), (other)
    expect(valueOf(samples, 'absher_graphql_operations_total', { operation: '(other)' })).toBeGreaterThanOrEqual(20);
  });

  it('is not served on the public port', async () => {
    expect((await fetch(`${platform.url}/metrics`)).status).toBe(404);
  });
});

describe('/metrics behind a token', () => {
  const token = 'a'.repeat(16) + 'metrics-scrape-token';
  let guarded: TestPlatform;
  beforeAll(async () => {
    guarded = await startTestPlatform({ METRICS_PORT: '0', METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await guarded.stop();
  });

  it('answers only a scrape that sends the bearer token', async () => {
    const at = (headers: Record<string, string>) => fetch(`${guarded.metricsUrl}/metrics`, { headers }).then((r) => r.status);
    expect(await at({})).toBe(401);
    expect(await at({ authorization: 'Bearer wrong' })).toBe(401);
    expect(await at({ authorization: `Bearer ${token}` })).toBe(200);
  });
});
