// The card payment gateway, seen from the payment service. The service never
// calls it inside a database transaction: it records its intent first, asks
// the gateway, then records the outcome (see service.ts).
import fs from 'node:fs';
import path from 'node:path';

export interface ChargeRequest {
  /** Our idempotency key for this attempt: the gateway charges at most once per reference. */
  reference: string;
  amountHalalas: number;
  cardToken: string;
}

export type ChargeResult = { outcome: 'APPROVED'; gatewayReference: string } | { outcome: 'DECLINED'; reason: string };

export interface RefundRequest {
  /** Our idempotency key for this refund (`refund-<refundId>`): the gateway credits at most once per reference. */
  reference: string;
  /** The reference of the approved charge the money goes back from. */
  chargeReference: string;
  amountHalalas: number;
}

/** REJECTED is final (no such charge, more than was charged): asking again gives the same answer. */
export type RefundResult = { outcome: 'REFUNDED'; gatewayReference: string } | { outcome: 'REJECTED'; reason: string };

export interface PaymentGateway {
  /** Charges the card, or rejects (network error, gateway error, aborted by our deadline). */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult>;
  /** What the gateway knows of an earlier charge request: how an unanswered attempt is settled. */
  lookup(reference: string): Promise<ChargeResult | null>;
  /**
   * Credits the card of an approved charge, or rejects (network error, gateway
   * error, aborted by our deadline): then whether it credited is unknown, and
   * asking again with the same reference is safe.
   */
  refund(request: RefundRequest, signal: AbortSignal): Promise<RefundResult>;
}

/** The gateway failed to answer with a decision: whether it charged is unknown until `lookup`. */
export class GatewayUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}

/**
 * Card tokens the simulated gateway understands (development and tests):
 * - `tok_visa`: approved.
 * - `tok_declined`: declined by the issuer.
 * - `tok_gateway_error`: the gateway answers with an error before charging.
 * - `tok_timeout`: the gateway never answers (until our deadline aborts the call), and charges nothing.
 * - `tok_lost_answer`: the gateway charges the card, then the answer is lost on the way back;
 *   only `lookup` tells that the money was taken.
 * Any other token is declined.
 */
export const SIMULATED_CARD_TOKENS = ['tok_visa', 'tok_declined', 'tok_gateway_error', 'tok_timeout', 'tok_lost_answer'] as const;

export interface SimulatedGateway extends PaymentGateway {
  /** Every charge actually made (approved), in order, across restarts: what a card statement would show. */
  readonly charges: ReadonlyArray<{ reference: string; amountHalalas: number }>;
  /** How many times `charge` was called by this process, whatever the answer. */
  readonly calls: number;
  /** Every refund actually credited, in order, across restarts. */
  readonly refunds: ReadonlyArray<{ reference: string; chargeReference: string; amountHalalas: number }>;
  /** How many times `refund` was called by this process, whatever the answer. */
  readonly refundCalls: number;
}

/** One line of the simulated gateway's journal: the decision it took for one reference (a charge, or a refund when `chargeReference` is set). */
export interface JournalEntry {
  reference: string;
  amountHalalas: number;
  chargeReference?: string;
  result: ChargeResult | RefundResult;
}

/**
 * The simulated gateway's memory, kept in a file when one is given: a real
 * gateway remembers its charges whatever happens to our process, so after a
 * crash `lookup` must still know what was charged. Each decision is appended
 * and fsynced before it is answered, so no answer ever outlives its record.
 */
function openJournal(file: string | undefined): { entries: JournalEntry[]; record(entry: JournalEntry): void } {
  if (!file) return { entries: [], record: () => undefined };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const existed = fs.existsSync(file);
  const text = existed ? fs.readFileSync(file, 'utf8') : '';
  // A line cut short by a crash during the append was never answered: it
  // charged nothing, and the next line must not be glued to it.
  const entries = parseJournal(text);
  if (text.length > 0 && !text.endsWith('\n')) fs.appendFileSync(file, '\n');
  if (!existed) {
    fs.closeSync(fs.openSync(file, 'a'));
    // The new file's directory entry must survive a crash too.
    const dir = fs.openSync(path.dirname(path.resolve(file)), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
  return {
    entries,
    record(entry) {
      const fd = fs.openSync(file, 'a');
      try {
        fs.appendFileSync(fd, `${JSON.stringify(entry)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

/** The decisions recorded in a simulated gateway's journal file, oldest first (tests audit it). */
export function readSimulatedGatewayJournal(file: string): JournalEntry[] {
  return fs.existsSync(file) ? parseJournal(fs.readFileSync(file, 'utf8')) : [];
}

function parseJournal(text: string): JournalEntry[] {
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalEntry];
      } catch {
        return [];
      }
    });
}

/**
 * `journalFile`: where the gateway keeps its decisions (development and the
 * test server: under DATA_DIR); without it they live only in this process.
 * Several processes may share one journal file (instances in development):
 * each appends its own decisions and looks up the others' there.
 */
export function createSimulatedGateway(options: { journalFile?: string } = {}): SimulatedGateway {
  const journal = openJournal(options.journalFile);
  const charges: Array<{ reference: string; amountHalalas: number }> = [];
  const answers = new Map<string, ChargeResult>();
  const refunds: Array<{ reference: string; chargeReference: string; amountHalalas: number }> = [];
  const refundAnswers = new Map<string, RefundResult>();
  for (const entry of journal.entries) {
    const { result } = entry;
    if (result.outcome === 'REFUNDED' || result.outcome === 'REJECTED') {
      if (refundAnswers.has(entry.reference)) continue;
      refundAnswers.set(entry.reference, result);
      if (result.outcome === 'REFUNDED') refunds.push({ reference: entry.reference, chargeReference: entry.chargeReference ?? '', amountHalalas: entry.amountHalalas });
      continue;
    }
    if (answers.has(entry.reference)) continue;
    answers.set(entry.reference, result);
    if (result.outcome === 'APPROVED') charges.push({ reference: entry.reference, amountHalalas: entry.amountHalalas });
  }
  let calls = 0;
  let refundCalls = 0;

  /** Like a real acquirer: only an approved charge is refunded, and never beyond what it took. */
  function decideRefund(request: RefundRequest): RefundResult {
    const known = refundAnswers.get(request.reference);
    if (known) return known;
    const charge = charges.find((c) => c.reference === request.chargeReference);
    const alreadyRefunded = refunds.filter((r) => r.chargeReference === request.chargeReference).reduce((sum, r) => sum + r.amountHalalas, 0);
    const result: RefundResult = !charge
      ? { outcome: 'REJECTED', reason: 'charge_not_found' }
      : !Number.isSafeInteger(request.amountHalalas) || request.amountHalalas <= 0 || alreadyRefunded + request.amountHalalas > charge.amountHalalas
        ? { outcome: 'REJECTED', reason: 'amount_exceeds_charge' }
        : { outcome: 'REFUNDED', gatewayReference: `sim_${request.reference}` };
    journal.record({ reference: request.reference, amountHalalas: request.amountHalalas, chargeReference: request.chargeReference, result });
    refundAnswers.set(request.reference, result);
    if (result.outcome === 'REFUNDED') refunds.push({ reference: request.reference, chargeReference: request.chargeReference, amountHalalas: request.amountHalalas });
    return result;
  }

  /** Synchronous from the check to the record, so two calls with one reference cannot both decide. */
  function decide(request: ChargeRequest, result: ChargeResult): ChargeResult {
    const known = answers.get(request.reference);
    if (known) return known; // a real gateway's idempotency: one reference, one decision
    journal.record({ reference: request.reference, amountHalalas: request.amountHalalas, result });
    answers.set(request.reference, result);
    if (result.outcome === 'APPROVED') charges.push({ reference: request.reference, amountHalalas: request.amountHalalas });
    return result;
  }
  const approve = (request: ChargeRequest) => decide(request, { outcome: 'APPROVED', gatewayReference: `sim_${request.reference}` });

  return {
    get charges() {
      return charges;
    },
    get calls() {
      return calls;
    },
    get refunds() {
      return refunds;
    },
    get refundCalls() {
      return refundCalls;
    },
    async charge(request, signal) {
      calls += 1;
      // The request and its answer each take a turn of the event loop, as over
      // a network, so other requests really run while a charge is in flight,
      // and a crash can fall between the charge and its answer reaching us.
      const network = () => new Promise((resolve) => setTimeout(resolve, 3));
      await network();
      switch (request.cardToken) {
        case 'tok_visa': {
          const result = approve(request);
          await network();
          return result;
        }
        case 'tok_gateway_error':
          throw new GatewayUnavailableError('simulated gateway error (HTTP 502)');
        case 'tok_timeout':
          return new Promise<never>((_resolve, reject) => {
            const fail = () => reject(new GatewayUnavailableError('simulated gateway timeout'));
            if (signal.aborted) fail();
            else signal.addEventListener('abort', fail, { once: true });
          });
        case 'tok_lost_answer':
          approve(request);
          await network();
          throw new GatewayUnavailableError('simulated connection reset after the charge');
        default:
          return decide(request, { outcome: 'DECLINED', reason: 'card_declined' });
      }
    },
    async lookup(reference) {
      // Another server process sharing the journal (several instances in
      // development) may have decided it: its record is the gateway's memory.
      if (!answers.has(reference) && options.journalFile) {
        const decided = readSimulatedGatewayJournal(options.journalFile).find((entry) => entry.reference === reference && !('chargeReference' in entry && entry.chargeReference));
        if (decided) return decided.result as ChargeResult;
      }
      return answers.get(reference) ?? null;
    },
    async refund(request) {
      refundCalls += 1;
      await new Promise((resolve) => setTimeout(resolve, 3));
      return decideRefund(request);
    },
  };
}

export const SIMULATED_GATEWAY_JOURNAL = 'simulated-gateway.jsonl';

/**
 * Production has no acquirer contract yet: rather than pretend to take money,
 * every charge fails (FAILED, nothing paid) and every refund fails (left for
 * retry, nothing credited) until a real adapter is wired here.
 */
export function createUnconfiguredGateway(): PaymentGateway {
  return {
    async charge() {
      throw new GatewayUnavailableError('no payment gateway is configured');
    },
    async lookup() {
      return null;
    },
    async refund() {
      throw new GatewayUnavailableError('no payment gateway is configured');
    },
  };
}

/**
 * The gateway for this environment and how long to wait for it. The simulated
 * gateway answers at once, so a short deadline only matters for `tok_timeout`.
 */
export function paymentGatewaySettings(config: { isProduction: boolean; dataDir: string }): { gateway: PaymentGateway; gatewayTimeoutMs: number } {
  return config.isProduction
    ? { gateway: createUnconfiguredGateway(), gatewayTimeoutMs: 15_000 }
    : { gateway: createSimulatedGateway({ journalFile: path.join(config.dataDir, SIMULATED_GATEWAY_JOURNAL) }), gatewayTimeoutMs: 1_000 };
}
