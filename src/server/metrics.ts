// What operators watch, in Prometheus' format (prom-client): requests and
// operations with their outcome and latency, errors by code, the argon2 queue,
// SMS sent and refused, card charges by outcome, and Node's own process
// metrics. Database pool and statement-time metrics belong to the data layer
// and are not here yet.
//
// Labels hold only values from a short, known list: a label fed from what a
// client sends (an operation name) would let anyone grow the memory of the
// process and of Prometheus by sending new names, so those are bounded.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';
import { passwordHashingLoad } from '../auth/passwords.js';

/** Operation names kept as labels; later new names are counted as "(other)". */
export const MAX_OPERATION_NAMES = 200;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
// Error codes are ours or Apollo's (UPPER_SNAKE); anything else is "(other)".
const ERROR_CODE = /^[A-Z][A-Z_]{1,49}$/;

// Seconds: from a cached query (milliseconds) to a sign-in (argon2) and a
// payment waiting on the gateway (its deadline is 15 s).
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

export type SmsPurpose = 'REGISTRATION' | 'PASSWORD_RESET' | 'SIGN_IN' | 'RESEND' | (string & {});
export type ChargeOutcome = 'approved' | 'declined' | 'no_answer';
export type RefundOutcome = 'refunded' | 'rejected' | 'no_answer';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'absher_http_requests_total',
    help: 'HTTP requests answered, by route (the route pattern, not the URL), method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'absher_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to answering it, by route and method.',
    labelNames: ['route', 'method'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const operations = new Counter({
    name: 'absher_graphql_operations_total',
    help: 'GraphQL operations, by operation name, type and outcome: ok, error (ran, with errors) or refused (never ran: parse, validation, persisted-query errors).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers,
  });
  const operationDuration = new Histogram({
    name: 'absher_graphql_operation_duration_seconds',
    help: 'Time Apollo Server spent on an operation, from its request to its response, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const errors = new Counter({
    name: 'absher_graphql_errors_total',
    help: 'Top-level GraphQL errors sent to clients, by extensions.code (access refusals, limits, INTERNAL_SERVER_ERROR...).',
    labelNames: ['code'] as const,
    registers,
  });
  new Gauge({
    name: 'absher_argon2_queue_depth',
    help: 'Password hashes waiting for one of the hashing slots (sign-ins, registrations, password changes queue here under load).',
    registers,
    collect() {
      this.set(passwordHashingLoad().waiting);
    },
  });
  new Gauge({
    name: 'absher_argon2_active',
    help: 'Password hashes running now (at most the number of hashing slots).',
    registers,
    collect() {
      this.set(passwordHashingLoad().active);
    },
  });
  const smsSent = new Counter({
    name: 'absher_sms_sent_total',
    help: 'SMS handed to the sender, by purpose. Each costs money: watch it against SMS_HOURLY_BUDGET.',
    labelNames: ['purpose'] as const,
    registers,
  });
  const smsRefused = new Counter({
    name: 'absher_sms_refused_total',
    help: 'SMS not sent because a throttle or the hourly budget refused them, by the step that asked (REGISTRATION, PASSWORD_RESET, RESEND).',
    labelNames: ['purpose'] as const,
    registers,
  });
  const charges = new Counter({
    name: 'absher_payment_charges_total',
    help: 'Card charges asked of the payment gateway, by outcome: approved, declined, or no_answer (error or deadline; settled later by lookup).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const refunds = new Counter({
    name: 'absher_payment_refunds_total',
    help: 'Refunds asked of the payment gateway, by outcome: refunded, rejected, or no_answer (sent again later).',
    labelNames: ['outcome'] as const,
    registers,
  });

  const operationNames = new Set<string>();
  function operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES || !GRAPHQL_NAME.test(name)) return '(other)';
    operationNames.add(name);
    return name;
  }

  return {
    registry,
    httpAnswered(route: string | undefined, method: string, status: number, seconds: number): void {
      const labels = { route: route ?? '(unmatched)', method };
      httpRequests.inc({ ...labels, status: String(status) });
      httpDuration.observe(labels, seconds);
    },
    operationAnswered(operation: { name: string | null | undefined; type: string | undefined; ran: boolean; failed: boolean; seconds: number }): void {
      const labels = { operation: operation.ran ? operationLabel(operation.name) : '(none)', type: operation.type ?? '(none)' };
      operations.inc({ ...labels, outcome: !operation.ran ? 'refused' : operation.failed ? 'error' : 'ok' });
      operationDuration.observe(labels, operation.seconds);
    },
    errorSent(code: unknown): void {
      errors.inc({ code: typeof code === 'string' && ERROR_CODE.test(code) ? code : '(other)' });
    },
    smsSent(purpose: SmsPurpose): void {
      smsSent.inc({ purpose });
    },
    smsRefused(purpose: SmsPurpose): void {
      smsRefused.inc({ purpose });
    },
    chargeAnswered(outcome: ChargeOutcome): void {
      charges.inc({ outcome });
    },
    refundAnswered(outcome: RefundOutcome): void {
      refunds.inc({ outcome });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Counts each GraphQL operation Apollo handles, with its outcome and time. */
export function operationMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, errors }) {
          metrics.operationAnswered({
            name: operationName,
            type: operation?.operation,
            ran: operation !== undefined && operation !== null,
            failed: (errors?.length ?? 0) > 0,
            seconds: (performance.now() - started) / 1000,
          });
        },
      };
    },
  };
}
