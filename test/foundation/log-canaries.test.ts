// Canary values (password, one-time code, tokens, ID number, diagnosis) go
// through the real server with logging at its most verbose, including a
// request that fails; none of them may appear in the log (checklist G2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../helpers/figures.js';
import { capturedLog } from '../helpers/captured-log.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount, signInAccount } from '../helpers/people.js';
import { healthOps } from '../helpers/health.js';

const log = capturedLog('trace');

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({}, { logger: log.logger });
});
afterAll(async () => {
  await platform.stop();
});

describe('logs under real traffic', () => {
  it('hold none of the secrets and personal data that passed through', async ({ task }) => {
    const account = await registerAccount(platform);
    const session = await signInAccount(platform, account);
    const diagnosis = 'CANARY-DIAGNOSIS-Thalassemia';
    await platform.services.health.recordHealthData(account.idNumber, { bloodType: 'O+', allergies: ['CANARY-ALLERGY'], conditions: [diagnosis] });
    const record = await platform.gql<any>(healthOps.RECORD, {}, { token: session.accessToken });
    expect(record.data.me.healthRecord.conditions).toEqual([diagnosis]);
    // A refused token and a malformed request, so error paths log too.
    await platform.gql(`{ me { id } }`, {}, { token: `${session.accessToken}x` });
    await platform.gql(`mutation { signIn(input: { username: "${account.username}", password: "CANARY-WRONG-PASSWORD" }) { userErrors { code } } }`);

    const written = log.text();
    expect(written).toContain('incoming request');
    const canaries = [
      account.password,
      'CANARY-WRONG-PASSWORD',
      platform.lastCode(account.mobile),
      session.accessToken,
      session.refreshToken,
      account.idNumber,
      account.mobile,
      diagnosis,
      'CANARY-ALLERGY',
    ];
    const hits = canaries.filter((canary) => written.includes(canary));
    recordFigure(task, { item: 'G2', name: `canary values found in the log (of ${canaries.length})`, value: hits.length, expected: 0 });
    expect(hits).toEqual([]);
  });
});
