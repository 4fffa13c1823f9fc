// What the platform sends out of the process, counted on the way: SMS through
// the message sender, charges and refunds through the payment gateway. The
// wrappers change nothing else: each call goes through, its answer or error
// comes back as it was.
import type { MessageSender } from '../modules/messaging/sender.js';
import type { PaymentGateway } from '../modules/payments/gateway.js';
import type { Metrics } from './metrics.js';

export function countingSender(sender: MessageSender, metrics: Metrics): MessageSender {
  return {
    async send(message) {
      await sender.send(message);
      if (message.channel === 'sms') metrics.smsSent(message.purpose);
    },
  };
}

export function countingGateway<G extends PaymentGateway>(gateway: G, metrics: Metrics): G {
  // The wrapper inherits from the gateway, so whatever else it offers (the
  // simulated gateway's record of charges, say) reads as before.
  const counted: Pick<PaymentGateway, 'charge' | 'refund'> = {
    async charge(request, signal) {
      try {
        const result = await gateway.charge(request, signal);
        metrics.chargeAnswered(result.outcome === 'APPROVED' ? 'approved' : 'declined');
        return result;
      } catch (error) {
        metrics.chargeAnswered('no_answer');
        throw error;
      }
    },
    async refund(request, signal) {
      try {
        const result = await gateway.refund(request, signal);
        metrics.refundAnswered(result.outcome === 'REFUNDED' ? 'refunded' : 'rejected');
        return result;
      } catch (error) {
        metrics.refundAnswered('no_answer');
        throw error;
      }
    },
  };
  return Object.assign(Object.create(gateway) as G, counted);
}
