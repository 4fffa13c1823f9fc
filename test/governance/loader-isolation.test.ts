// DataLoaders live for one request (checklist D5): two people asking at the
// same moment, many times over, each see only their own rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount, type SignedIn } from '../helpers/people.js';
import { addDocument } from '../helpers/documents.js';
import { addViolation } from '../helpers/violations.js';

let platform: TestPlatform;
let people: SignedIn[];
beforeAll(async () => {
  platform = await startTestPlatform();
  people = await Promise.all([0, 1].map(async () => signInAccount(platform, await registerAccount(platform))));
  for (const person of people) {
    await addDocument(platform, person.idNumber, { type: 'PASSPORT', expiresOn: '2031-01-01' });
    await addDocument(platform, person.idNumber, { type: 'DRIVING_LICENSE', expiresOn: '2030-01-01' });
    await addViolation(platform, person.idNumber);
  }
});
afterAll(async () => {
  await platform.stop();
});

const MINE = `{ me { person { idNumber } documents { number } trafficViolations(first: 10) { edges { node { number bill { number } } } } bills(first: 10) { totalCount } } }`;

describe('per-request loaders', () => {
  it('never hand one person the rows of another asking at the same time', async () => {
    const rounds = Array.from({ length: 20 }, (_, i) => people[i % 2]!);
    const answers = await Promise.all(rounds.map((person) => platform.gql<any>(MINE, {}, { token: person.accessToken }).then((answer) => ({ person, answer }))));
    for (const { person, answer } of answers) {
      const me = answer.data.me;
      const other = people.find((p) => p !== person)!;
      expect(me.person.idNumber).toBe(person.idNumber);
      expect(me.documents.map((d: { number: string }) => d.number).every((n: string) => n.includes(person.idNumber))).toBe(true);
      expect(me.documents).toHaveLength(2);
      expect(me.trafficViolations.edges).toHaveLength(1);
      expect(me.bills.totalCount).toBe(1);
      expect(JSON.stringify(me)).not.toContain(other.idNumber);
    }
  });
});
