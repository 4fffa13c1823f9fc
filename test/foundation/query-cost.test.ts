// The cost of a query on every answer (`extensions.cost`), and the depth and
// cost refusals as validation errors that say what was too much.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addNotification } from '../helpers/notifications.js';
import { QUERY_LIMITS } from '../../src/server/query-limits.js';

let platform: TestPlatform;
let reader: SignedIn;
beforeAll(async () => {
  platform = await startTestPlatform();
  reader = await signInAccount(platform, await registerAccount(platform));
});
afterAll(() => platform.stop());

const TEN_NOTIFICATIONS = '{ me { notifications(first: 10) { edges { node { id } } } } }';
type Cost = { requested: number; actual: number; limit?: number };

describe('extensions.cost on an answer', () => {
  it('tells the requested and actual cost and the limit on a normal answer', async () => {
    const answer = await platform.gql('{ apiInfo { version language } }');
    expect(answer.errors).toBeUndefined();
    // graphql-armor's weights: an object 2, a scalar 1, each level down x1.5.
    expect(answer.extensions?.cost).toEqual({ requested: 5, actual: 5, limit: QUERY_LIMITS.cost });
  });

  it('prices a page by its `first` before running it, and by the rows it returned after', async () => {
    const empty = await platform.gql(TEN_NOTIFICATIONS, {}, { token: reader.accessToken });
    for (let n = 0; n < 3; n++) await addNotification(platform, reader.idNumber, { en: `Notice ${n}` });
    const three = await platform.gql<any>(TEN_NOTIFICATIONS, {}, { token: reader.accessToken });
    expect(three.data.me.notifications.edges).toHaveLength(3);

    const before = empty.extensions?.cost as Cost;
    const after = three.extensions?.cost as Cost;
    expect(after.requested).toBe(before.requested);
    expect(after.actual).toBeGreaterThan(before.actual);
    expect(after.actual).toBeLessThan(after.requested);
  });

  it('prices the operation that ran, not the other operations of the document', async () => {
    const document = `query Small { apiInfo { version } } query Large ${TEN_NOTIFICATIONS}`;
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, operationName: 'Small' }),
    });
    const body = (await response.json()) as { extensions: { cost: Cost } };
    // 2 + 1.5 x 1, rounded up; the Large operation alone would cost about 200.
    expect(body.extensions.cost).toMatchObject({ requested: 4, actual: 4 });
  });
});

describe('refusals of a query too large', () => {
  it('refuses a query over the cost limit as a validation error naming its cost, running nothing', async () => {
    const fields = 'id title body kind createdAt readAt read subjectId';
    const answer = await platform.gql(`{ me { notifications(first: 100) { edges { cursor node { ${fields} } } } } }`, {}, { token: reader.accessToken });
    expect(answer.data).toBeUndefined();
    const error = answer.errors?.[0];
    expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.message).not.toMatch(/syntax/i);
    expect(error?.message).toMatch(/costs \d+, over the limit of 5000/);
    const cost = error?.extensions?.cost as Cost;
    expect(cost.limit).toBe(QUERY_LIMITS.cost);
    expect(cost.requested).toBeGreaterThan(QUERY_LIMITS.cost);
  });

  it('refuses a query deeper than the limit as a validation error, not a syntax error', async () => {
    const nested = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${nested(levels - 1)} }`);
    const answer = await platform.gql(`{ __schema { types { fields { type { ${nested(15)} } } } } }`);
    const error = answer.errors?.[0];
    expect(error?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error?.message).toMatch(/^Query depth limit of 12 exceeded/);
  });
});
