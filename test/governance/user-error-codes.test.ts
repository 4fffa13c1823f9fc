// The UserErrorCode enum that clients switch on is printed from the modules'
// error catalogs: it cannot miss a code the server sends.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLEnumType } from 'graphql';
import { buildSchema } from '../../src/server/schema.js';
import { printUserErrorCodeEnum, userErrorCatalogs, userErrorCodes, USER_ERROR_CODES_FILE } from '../../src/server/user-error-codes.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

describe('the UserErrorCode enum', () => {
  it('matches the catalogs (run npm run codegen after adding a code)', () => {
    expect(fs.readFileSync(USER_ERROR_CODES_FILE, 'utf8')).toBe(printUserErrorCodeEnum());
  });

  it('has a value for every code of every module, and nothing else', () => {
    const values = (buildSchema().getType('UserErrorCode') as GraphQLEnumType).getValues().map((value) => value.name);
    const sent = Object.values(userErrorCatalogs).flatMap((catalog) => Object.keys(catalog));
    expect(new Set(values)).toEqual(new Set(sent));
  });

  it('describes a code shared by two modules with both meanings', () => {
    const codes = userErrorCodes({ A: { SAME: { en: 'First.', ar: 'أ' } }, B: { SAME: { en: 'Second.', ar: 'ب' }, OTHER: { en: 'Other.', ar: 'ج' } } });
    expect([...codes]).toEqual([['OTHER', ['B: Other.']], ['SAME', ['A: First.', 'B: Second.']]]);
  });
});

describe('UserError.typedCode over HTTP', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(() => platform.stop());

  it('carries the same code as the code string', async () => {
    const answer = await platform.gql<any>(
      'mutation($input: StartRegistrationInput!) { startRegistration(input: $input) { userErrors { field code typedCode } } }',
      { input: { idNumber: '1000000009', dateOfBirth: '1990-01-01' } },
    );
    expect(answer.data.startRegistration.userErrors).toEqual([{ field: ['idNumber'], code: 'INVALID_ID_NUMBER', typedCode: 'INVALID_ID_NUMBER' }]);
  });
});
