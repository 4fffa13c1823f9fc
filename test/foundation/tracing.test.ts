// With an OTLP endpoint configured, the server sends its traces there: the
// HTTP request, Fastify's handling and GraphQL's steps in one trace. The
// receiver is a tiny HTTP server in this test speaking OTLP/HTTP with JSON.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

interface OtlpSpan {
  traceId: string;
  name: string;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
  }>;
}

const exports: Array<{ path: string; contentType: string; body: OtlpExport; raw: string }> = [];
let receiver: http.Server;
let receiverUrl: string;

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      exports.push({ path: request.url ?? '', contentType: String(request.headers['content-type']), body: JSON.parse(raw) as OtlpExport, raw });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

describe('tracing', () => {
  it('is off unless an OTLP endpoint is configured', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ serviceName: 'absher-graphql' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces', OTEL_SERVICE_NAME: 'absher-edge' }).tracing).toEqual({ serviceName: 'absher-edge' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeNull();
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('sends the spans of a GraphQL request (HTTP, Fastify, GraphQL) to the OTLP endpoint, without its variables', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-tracing-'));
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      let address: string | undefined;
      for (let waited = 0; !address && waited < 60_000; waited += 20) {
        address = /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
        if (!address) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!address) throw new Error(`the server did not start: ${output}`);

      const posted = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query ApiVersion { apiInfo { version } }' }),
      });
      expect(posted.status).toBe(200);
      const literal = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query WithLiteral { healthFacilities(city: "CANARY-LITERAL") { id } }' }),
      });
      expect(literal.status).toBe(200);
      const variables = encodeURIComponent(JSON.stringify({ city: 'CANARY-VARIABLE' }));
      const query = encodeURIComponent('query WithVariables($city: String) { healthFacilities(city: $city) { id } }');
      const got = await fetch(`${address}/graphql?query=${query}&variables=${variables}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(got.status).toBe(200);
      expect((await fetch(`${address}/livez`)).status).toBe(200);
    } finally {
      // Shutting down sends the spans still buffered.
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }

    expect(exports.length).toBeGreaterThan(0);
    expect(new Set(exports.map((e) => e.path))).toEqual(new Set(['/v1/traces']));
    expect(exports[0]!.contentType).toMatch(/^application\/json/);
    const resources = exports.flatMap((e) => e.body.resourceSpans);
    const serviceNames = resources.flatMap((r) => r.resource.attributes.filter((a) => a.key === 'service.name').map((a) => a.value.stringValue));
    expect(new Set(serviceNames)).toEqual(new Set(['absher-graphql']));
    const scoped = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => ({ scope: s.scope.name, ...span }))));
    expect(new Set(scoped.map((s) => s.scope))).toEqual(
      new Set(['@opentelemetry/instrumentation-http', '@fastify/otel', '@opentelemetry/instrumentation-graphql']),
    );

    // The POST's spans, from every instrumentation, share one trace.
    const execute = scoped.find((s) => s.scope === '@opentelemetry/instrumentation-graphql' && s.name.includes('ApiVersion'));
    expect(execute).toBeDefined();
    const trace = scoped.filter((s) => s.traceId === execute!.traceId);
    expect(new Set(trace.map((s) => s.scope))).toEqual(
      new Set(['@opentelemetry/instrumentation-http', '@fastify/otel', '@opentelemetry/instrumentation-graphql']),
    );
    // Variables and literal values never reach a span, though the operations do; probes are not traced.
    const everything = exports.map((e) => e.raw).join('\n');
    expect(everything).toContain('WithVariables');
    expect(everything).toContain('WithLiteral');
    expect(everything).not.toContain('CANARY');
    expect(everything).not.toContain('/livez');
  }, 90_000);
});
