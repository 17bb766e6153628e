import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { request } from 'undici';
import type { Clock } from '../../core/clock.js';
import { AuthError, ConfigError, NetworkError, ParapetError, ProviderError, errorMessage } from '../../core/errors.js';
import { writeOutboxMessage } from './outbox.js';

export interface NotifierOptions {
  /** `smtp://user:pass@host:port` or `smtps://...`. @default none: no e-mail */
  smtpUrl?: string | undefined;
  /**
   * Without `smtpUrl`: write each e-mail as an .eml file into this directory instead of sending it (the
   * demo's outbox). @default none: no e-mail
   */
  outboxDir?: string | undefined;
  /** Sender address. @default parapet@localhost */
  from?: string | undefined;
  /** Chat tool webhook (Slack, Teams, Mattermost incoming webhook, or your own endpoint). @default none */
  webhookUrl?: string | undefined;
  /** Key of the webhook's HMAC-SHA256 signature. @default none: unsigned */
  webhookSecret?: string | undefined;
  clock: Clock;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** How Parapet tells people: e-mail through SMTP and signed webhooks for chat tools. */
export interface Notifier {
  readonly canEmail: boolean;
  readonly canWebhook: boolean;
  sendEmail(message: EmailMessage): Promise<string>;
  postWebhook(event: Record<string, unknown>): Promise<string>;
}

/** `sha256=<hex>` of `<timestamp>.<body>`: the receiver recomputes it with the shared secret and rejects stale timestamps. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** An e-mail server's permanent refusal (an SMTP 5yz reply): sending the same message again would fail again. */
export class MailRefusedError extends ParapetError {
  override name = 'MailRefusedError';
}

/**
 * What a failed send means, by SMTP's reply classes (RFC 5321 §4.2.1): 4yz is transient (greylisting, a full
 * mailbox: governance tries again), 5yz permanent; a refused sign-in is the configuration's; no reply at all
 * (refused, reset, timed out) is the network.
 */
function smtpFailure(error: unknown, to: string): Error {
  const code = (error as { responseCode?: unknown }).responseCode;
  const reason = errorMessage(error);
  if ((error as { code?: unknown }).code === 'EAUTH') return new AuthError(`The e-mail server refused Parapet's sign-in${typeof code === 'number' ? ` (SMTP ${code})` : ''}: check the user and password in PARAPET_SMTP_URL. ${reason}`, { cause: error });
  if (typeof code === 'number' && code >= 400 && code < 500) return new ProviderError(`The e-mail server deferred the message to ${to} (SMTP ${code}): ${reason}; it is tried again.`, { cause: error });
  if (typeof code === 'number' && code >= 500 && code < 600) return new MailRefusedError(`The e-mail server refused the message to ${to} (SMTP ${code}): ${reason}`, { cause: error });
  return new NetworkError(`Could not e-mail ${to}: ${reason}. Check PARAPET_SMTP_URL.`, { cause: error });
}

export function createNotifier(options: NotifierOptions): Notifier {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  // No mail server but an outbox: nodemailer builds the very message SMTP would carry, and it goes to a file.
  const outbox = !transport && options.outboxDir ? { dir: options.outboxDir, transport: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }) } : null;
  return {
    canEmail: transport !== null || outbox !== null,
    canWebhook: Boolean(options.webhookUrl),
    async sendEmail(message) {
      if (outbox) {
        const info = await outbox.transport.sendMail({ from: options.from ?? 'parapet@localhost', to: message.to, subject: message.subject, text: message.text, date: new Date(options.clock.now()) });
        const path = await writeOutboxMessage(outbox.dir, options.clock.now(), String(info.messageId), Buffer.from(info.message as Buffer));
        return `Delivered to the outbox for ${message.to} (no mail server is configured; the message is ${path}, \`parapet action outbox\` lists them).`;
      }
      if (!transport) throw new ConfigError('No e-mail server is configured: set PARAPET_SMTP_URL (e.g. smtp://mail.example.com:587).');
      try {
        const info = await transport.sendMail({ from: options.from ?? 'parapet@localhost', to: message.to, subject: message.subject, text: message.text });
        return `E-mailed ${message.to} (message ${String(info.messageId)}).`;
      } catch (error) {
        throw smtpFailure(error, message.to);
      }
    },
    async postWebhook(event) {
      if (!options.webhookUrl) throw new ConfigError('No webhook is configured: set PARAPET_WEBHOOK_URL.');
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(options.clock.now() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-parapet-timestamp': timestamp };
      if (options.webhookSecret) headers['x-parapet-signature'] = webhookSignature(options.webhookSecret, timestamp, body);
      let status: number;
      try {
        const response = await request(options.webhookUrl, { method: 'POST', headers, body, headersTimeout: 10_000, bodyTimeout: 10_000 });
        await response.body.dump();
        status = response.statusCode;
      } catch (error) {
        throw new NetworkError(`Could not reach the webhook ${new URL(options.webhookUrl).origin}: ${errorMessage(error)}.`, { cause: error });
      }
      if (status < 200 || status >= 300) throw new ProviderError(`The webhook ${new URL(options.webhookUrl).origin} answered HTTP ${status}.`, { status });
      return `Posted to the webhook ${new URL(options.webhookUrl).origin} (HTTP ${status}).`;
    },
  };
}
