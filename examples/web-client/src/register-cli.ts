// npm run register -- --endpoint http://localhost:4000/graphql --id-number 1010000139
//   --date-of-birth 1978-12-20 --username khalid.o --email khalid@example.sa [--language ar]
// The registration flow through Apollo Client, as a person at a screen would
// go through it: asks for the SMS code on the terminal, prints the outcome as
// JSON. The password is read from REGISTRATION_PASSWORD (never an argument:
// arguments show in the process list).
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { apolloRunner, createApolloClient } from './apollo-client.js';
import { registerPerson } from './registration.js';

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://localhost:4000/graphql' },
    'id-number': { type: 'string' },
    'date-of-birth': { type: 'string' },
    username: { type: 'string' },
    email: { type: 'string' },
    language: { type: 'string', default: 'en' },
  },
});

const missing = ['id-number', 'date-of-birth', 'username', 'email'].filter((name) => !values[name as keyof typeof values]);
const password = process.env.REGISTRATION_PASSWORD;
if (missing.length || !password) {
  process.stderr.write(`missing: ${[...missing.map((name) => `--${name}`), ...(password ? [] : ['REGISTRATION_PASSWORD'])].join(', ')}\n`);
  process.exit(2);
}

const terminal = createInterface({ input: process.stdin, output: process.stdout });
const client = createApolloClient({ endpoint: values.endpoint!, language: values.language === 'ar' ? 'ar' : 'en' });
try {
  const result = await registerPerson(
    apolloRunner(client),
    { idNumber: values['id-number']!, dateOfBirth: values['date-of-birth']!, username: values.username!, password, email: values.email! },
    (maskedMobile) => terminal.question(`Enter the code sent to ${maskedMobile}: `),
  );
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exitCode = result.userErrors.length ? 1 : 0;
} finally {
  terminal.close();
  client.stop();
}
