// `npm run codegen` starts here: writes schema/user-error-codes.graphql (the
// UserErrorCode enum) from the modules' error catalogs, before the resolver
// types are generated from schema/.
import fs from 'node:fs';
import { printUserErrorCodeEnum, USER_ERROR_CODES_FILE } from '../src/server/user-error-codes.js';

fs.writeFileSync(USER_ERROR_CODES_FILE, printUserErrorCodeEnum());
process.stdout.write(`wrote ${USER_ERROR_CODES_FILE}\n`);
