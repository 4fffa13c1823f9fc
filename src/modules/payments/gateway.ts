// The card payment gateway, seen from the payment service. The service never
// calls it inside a database transaction: it records its intent first, asks
// the gateway, then records the outcome (see service.ts).
export interface ChargeRequest {
  /** Our idempotency key for this attempt: the gateway charges at most once per reference. */
  reference: string;
  amountHalalas: number;
  cardToken: string;
}

export type ChargeResult = { outcome: 'APPROVED'; gatewayReference: string } | { outcome: 'DECLINED'; reason: string };

export interface PaymentGateway {
  /** Charges the card, or rejects (network error, gateway error, aborted by our deadline). */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult>;
  /** What the gateway knows of an earlier charge request: how an unanswered attempt is settled. */
  lookup(reference: string): Promise<ChargeResult | null>;
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
  /** Every charge actually made (approved), in order: what a card statement would show. */
  readonly charges: ReadonlyArray<{ reference: string; amountHalalas: number }>;
  /** How many times `charge` was called, whatever the answer. */
  readonly calls: number;
}

export function createSimulatedGateway(): SimulatedGateway {
  const charges: Array<{ reference: string; amountHalalas: number }> = [];
  const answers = new Map<string, ChargeResult>();
  let calls = 0;

  function approve(request: ChargeRequest): ChargeResult {
    const known = answers.get(request.reference);
    if (known) return known; // a real gateway's idempotency: one reference, one charge
    const result: ChargeResult = { outcome: 'APPROVED', gatewayReference: `sim_${request.reference}` };
    charges.push({ reference: request.reference, amountHalalas: request.amountHalalas });
    answers.set(request.reference, result);
    return result;
  }

  return {
    get charges() {
      return charges;
    },
    get calls() {
      return calls;
    },
    async charge(request, signal) {
      calls += 1;
      // Answers arrive on a later turn of the event loop, as over a network, so
      // that other requests really run while a charge is in flight.
      await new Promise((resolve) => setTimeout(resolve, 5));
      switch (request.cardToken) {
        case 'tok_visa':
          return approve(request);
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
          throw new GatewayUnavailableError('simulated connection reset after the charge');
        default: {
          const result: ChargeResult = { outcome: 'DECLINED', reason: 'card_declined' };
          answers.set(request.reference, result);
          return result;
        }
      }
    },
    async lookup(reference) {
      return answers.get(reference) ?? null;
    },
  };
}

/**
 * Production has no acquirer contract yet: rather than pretend to take money,
 * every charge fails (FAILED, nothing paid) until a real adapter is wired here.
 */
export function createUnconfiguredGateway(): PaymentGateway {
  return {
    async charge() {
      throw new GatewayUnavailableError('no payment gateway is configured');
    },
    async lookup() {
      return null;
    },
  };
}

/**
 * The gateway for this environment and how long to wait for it. The simulated
 * gateway answers at once, so a short deadline only matters for `tok_timeout`.
 */
export function paymentGatewaySettings(config: { isProduction: boolean }): { gateway: PaymentGateway; gatewayTimeoutMs: number } {
  return config.isProduction
    ? { gateway: createUnconfiguredGateway(), gatewayTimeoutMs: 15_000 }
    : { gateway: createSimulatedGateway(), gatewayTimeoutMs: 1_000 };
}
