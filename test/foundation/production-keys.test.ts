// `npm run keys:generate` prints what a production environment file needs,
// and a production server starts on exactly those values and uses them.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount, signInAccount } from '../helpers/people.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

let printed: string;
let platform: TestPlatform;
beforeAll(async () => {
  printed = (await promisify(execFile)('npm', ['run', '--silent', 'keys:generate'], { encoding: 'utf8', timeout: 60_000 })).stdout;
}, 60_000);
afterAll(async () => {
  await platform?.stop();
});

describe('npm run keys:generate', () => {
  it('prints the three production secrets as an environment file', async () => {
    const values = parseEnv(printed);
    expect(Object.keys(values).sort()).toEqual(['HEALTH_DATA_KEY', 'JWT_PRIVATE_JWKS', 'TOTP_SECRET_KEY']);
    const jwks = JSON.parse(values.JWT_PRIVATE_JWKS!) as Array<Record<string, string>>;
    expect(jwks).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String), d: expect.any(String) })]);
    expect(Buffer.from(values.HEALTH_DATA_KEY!, 'base64')).toHaveLength(32);
    expect(Buffer.from(values.TOTP_SECRET_KEY!, 'base64')).toHaveLength(32);
    expect(values.HEALTH_DATA_KEY).not.toBe(values.TOTP_SECRET_KEY);
  });

  it('is enough to start in production: a person signs in with a token signed by the printed key', async () => {
    const values = parseEnv(printed);
    platform = await startTestPlatform({
      NODE_ENV: 'production',
      JWT_PRIVATE_JWKS: values.JWT_PRIVATE_JWKS!,
      HEALTH_DATA_KEY: values.HEALTH_DATA_KEY!,
      TOTP_SECRET_KEY: values.TOTP_SECRET_KEY!,
    });
    const person = await signInAccount(platform, await registerAccount(platform));
    const me = await platform.gql<{ me: { username: string } }>('{ me { username } }', {}, { token: person.accessToken });
    expect(me.data.me.username).toBe(person.username);
    const kid = (JSON.parse(values.JWT_PRIVATE_JWKS!) as Array<{ kid: string }>)[0]!.kid;
    const header = JSON.parse(Buffer.from(person.accessToken.split('.')[0]!, 'base64url').toString()) as { kid: string };
    expect(header.kid).toBe(kid);
    const served = (await (await fetch(`${platform.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string; d?: string }> };
    expect(served.keys).toEqual([expect.objectContaining({ kid })]);
    expect(served.keys[0]!.d).toBeUndefined();
  });
});
