// Outgoing SMS and e-mail. Production plugs in a real gateway; development and
// tests append to the outbox file the contract names, one JSON object a line.
import fs from 'node:fs';
import path from 'node:path';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  purpose: string;
  text: string;
  /** Present on one-time-code messages. */
  code?: string;
}

export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

export function createOutboxSender(file: string): MessageSender {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return {
    async send(message) {
      const line = JSON.stringify({ ...message, sentAt: new Date().toISOString() });
      // One appendFile call per line: O_APPEND keeps lines whole across processes.
      await fs.promises.appendFile(file, `${line}\n`, 'utf8');
    },
  };
}
