// First-party clients may use automatic persisted queries (send the hash,
// then the text once when the server asks); the cache is bounded.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function post(body: Record<string, unknown>) {
  const response = await fetch(`${platform.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
}

describe('automatic persisted queries', () => {
  it('asks for the text of an unknown hash, then serves the hash alone', async () => {
    const query = `query ApiVersion { apiInfo { version } }`;
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };

    const unknown = await post({ extensions: { persistedQuery } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.data).toBeUndefined();

    const registered = await post({ query, extensions: { persistedQuery } });
    expect(registered).toEqual({ data: { apiInfo: { version: expect.any(String) } }, extensions: { cost: expect.any(Object) } });

    const byHash = await post({ extensions: { persistedQuery } });
    expect(byHash).toEqual(registered);
  });

  it('refuses text that does not hash to the hash sent, and caches nothing for it', async () => {
    const query = `{ apiInfo { language } }`;
    const wrongHash = sha256('something else');
    const mismatched = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } });
    expect(mismatched.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const after = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: wrongHash } } });
    expect(after.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
