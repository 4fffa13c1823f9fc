// What a developer reads in the terminal: the endpoint's URL on one line,
// readable lines in development, and requests at debug, not two info lines each.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLog } from '../helpers/captured-log.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { createLogger, wantsPrettyLogs } from '../../src/server/logger.js';
import { endpointUrl } from '../../src/server/platform.js';

const debugLog = capturedLog('debug');
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({}, { logger: debugLog.logger });
});
afterAll(() => platform.stop());

const entries = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown> & { level: number; msg: string });
const LEVEL = { trace: 10, debug: 20, info: 30 };

describe('the start-up line', () => {
  it('gives the whole /graphql URL on one line, and that URL answers', async () => {
    const line = entries(debugLog.text()).find((entry) => entry.msg.startsWith('serving '));
    const url = /^serving (http:\/\/127\.0\.0\.1:\d+\/graphql)$/.exec(line?.msg ?? '')?.[1];
    expect(url, line?.msg).toBeDefined();
    const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ apiInfo { version } }"}' });
    expect(response.status).toBe(200);
  });

  it('shows localhost for a server listening on every interface', () => {
    expect(endpointUrl('0.0.0.0', 4000)).toBe('http://localhost:4000/graphql');
    expect(endpointUrl('::', 4000)).toBe('http://localhost:4000/graphql');
    expect(endpointUrl('::1', 4001)).toBe('http://[::1]:4001/graphql');
  });
});

describe('request lines', () => {
  it('logs one line per request at debug, naming the operation, and nothing at info', async () => {
    const before = entries(debugLog.text()).length;
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query WhatVersion { apiInfo { version } }', operationName: 'WhatVersion' }),
    });
    expect(response.status).toBe(200);
    const logged = entries(debugLog.text()).slice(before);
    expect(logged.filter((entry) => entry.level >= LEVEL.info)).toEqual([]);
    expect(logged.filter((entry) => entry.msg === 'request completed')).toEqual([
      expect.objectContaining({ level: LEVEL.debug, operation: 'WhatVersion', res: { statusCode: 200 }, reqId: response.headers.get('x-request-id') }),
    ]);
  });
});

describe('readable logs', () => {
  it('are chosen in development on a terminal, or by LOG_FORMAT', () => {
    expect(wantsPrettyLogs('auto', true, true)).toBe(true);
    expect(wantsPrettyLogs('auto', true, false)).toBe(false);
    expect(wantsPrettyLogs('auto', false, true)).toBe(false);
    expect(wantsPrettyLogs('pretty', false, false)).toBe(true);
    expect(wantsPrettyLogs('json', true, true)).toBe(false);
  });

  it('write one plain line per entry, still redacted', () => {
    let written = '';
    const sink = new Writable({ write: (chunk, _encoding, done) => ((written += chunk.toString()), done()) });
    createLogger({ level: 'info', pretty: true, destination: sink }).info({ password: 'CANARY-PASSWORD', username: 'sara' }, 'signed in');
    expect(written).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: signed in \{.*"username":"sara".*\}\n$/);
    expect(written).not.toContain('CANARY-PASSWORD');
  });
});
