import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { addRegistryPerson, STRONG_PASSWORD } from '../helpers/people.js';
import { register } from '../../examples/web-client/src/client.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

describe('the typed client example for frontend teams', () => {
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

  it('returns the refusal in the language asked for', async () => {
    const result = await register(
      { endpoint: `${platform.url}/graphql`, language: 'ar' },
      { idNumber: '1000000009', dateOfBirth: '1990-01-01', username: 'x_user', password: STRONG_PASSWORD, email: 'x@example.sa' },
      async () => '000000',
    );
    expect(result.userErrors[0]?.code).toBe('INVALID_ID_NUMBER');
    expect(result.userErrors[0]?.message).toMatch(/[\u0600-\u06FF]/);
  });
});
