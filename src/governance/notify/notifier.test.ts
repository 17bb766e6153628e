import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { isTransient } from '../governance-service.js';
import { createNotifier } from './notifier.js';
import { listOutbox, writeOutboxMessage } from './outbox.js';
import { userNotice } from './templates.js';

const clock = { now: () => Date.parse('2026-03-01T10:00:00Z') };
const listen = async (server: { listen(port: number, host: string, cb: () => void): unknown }, address: () => AddressInfo | string | null): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (address() as AddressInfo).port;
};

/** Why a send failed, as governance sees it: the message, and whether it tries again. */
async function failureOf(send: Promise<unknown>): Promise<{ message: string; name: string; transient: boolean }> {
  const error = await send.then(
    () => {
      throw new Error('the send succeeded');
    },
    (e: unknown) => e as Error,
  );
  return { message: error.message, name: error.name, transient: isTransient(error) };
}

describe('e-mail through a real SMTP server: what each reply means', () => {
  let smtp: SMTPServer;
  let port: number;
  const delivered: string[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, done) {
        if (auth.username === 'parapet' && auth.password === 'right-password') done(null, { user: 'parapet' });
        else done(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, done) {
        const coded = /^code-(\d{3})@/.exec(address.address);
        if (coded) done(Object.assign(new Error('as asked'), { responseCode: Number(coded[1]) }));
        else if (address.address.startsWith('gone@')) done(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
        else if (address.address.startsWith('busy@')) done(Object.assign(new Error('4.7.1 Greylisted, please try again later'), { responseCode: 451 }));
        else done();
      },
      onData(stream, session, done) {
        stream.on('data', () => {});
        stream.on('end', () => {
          delivered.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          done();
        });
      },
    });
    port = await listen(smtp, () => smtp.server.address());
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  const notifier = (password = 'right-password') => createNotifier({ smtpUrl: `smtp://parapet:${password}@127.0.0.1:${port}`, from: 'security@northwind.example', clock });
  const mail = (to: string) => ({ to, subject: 'Security notice', text: 'Hello' });

  it('delivers, and says to whom', async () => {
    expect(await notifier().sendEmail(mail('lou@northwind.example'))).toMatch(/^E-mailed lou@northwind\.example \(message .+\)\.$/);
    expect(delivered).toEqual(['lou@northwind.example']);
  });

  it('a 5yz reply is permanent: refused, never tried again', async () => {
    const failure = await failureOf(notifier().sendEmail(mail('gone@northwind.example')));
    expect(failure).toMatchObject({ transient: false, message: expect.stringMatching(/^The e-mail server refused the message to gone@northwind\.example \(SMTP 550\): .*No such user here/) });
  });

  it('a 4yz reply is transient (greylisting, a full mailbox): tried again', async () => {
    const failure = await failureOf(notifier().sendEmail(mail('busy@northwind.example')));
    expect(failure).toMatchObject({ transient: true, message: expect.stringMatching(/^The e-mail server deferred the message to busy@northwind\.example \(SMTP 451\): .*try again later.*; it is tried again/) });
  });

  it.each([
    [450, true],
    [499, true],
    [500, false],
    [554, false],
  ])('SMTP %i: tried again is %s', async (code, transient) => {
    const failure = await failureOf(notifier().sendEmail(mail(`code-${code}@northwind.example`)));
    expect(failure).toMatchObject({ transient, message: expect.stringContaining(`(SMTP ${code})`) });
  });

  it('a refused sign-in names the setting to fix, never tried again, and never shows the password', async () => {
    const failure = await failureOf(notifier('wrong-password').sendEmail(mail('lou@northwind.example')));
    expect(failure).toMatchObject({ name: 'AuthError', transient: false, message: expect.stringMatching(/^The e-mail server refused Parapet's sign-in \(SMTP 535\): check the user and password in PARAPET_SMTP_URL/) });
    expect(failure.message).not.toContain('wrong-password');
  });

  it('no server listening is the network: tried again, and the message says where to look', async () => {
    const closed = createServer();
    const closedPort = await listen(closed, () => closed.address());
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await failureOf(createNotifier({ smtpUrl: `smtp://parapet:right-password@127.0.0.1:${closedPort}`, clock }).sendEmail(mail('lou@northwind.example')));
    expect(failure).toMatchObject({ name: 'NetworkError', transient: true, message: expect.stringMatching(/^Could not e-mail lou@northwind\.example: .*Check PARAPET_SMTP_URL\.$/) });
    expect(failure.message).not.toContain('right-password');
  });
});

describe('the webhook: only a 2xx answer is delivered', () => {
  let hook: Server;
  let port: number;
  beforeAll(async () => {
    hook = createServer((req, res) => {
      req.resume();
      res.writeHead(Number(new URL(req.url ?? '/', 'http://x').searchParams.get('answer'))).end();
    });
    port = await listen(hook, () => hook.address());
  });
  afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

  it.each([200, 204, 299])('HTTP %i is delivered', async (status) => {
    const notifier = createNotifier({ webhookUrl: `http://127.0.0.1:${port}/hook?answer=${status}`, clock });
    expect(await notifier.postWebhook({ text: 'hi' })).toBe(`Posted to the webhook http://127.0.0.1:${port} (HTTP ${status}).`);
  });

  it.each([300, 302, 404, 503])('HTTP %i is a failure, named without the webhook path (it may hold a token)', async (status) => {
    const notifier = createNotifier({ webhookUrl: `http://127.0.0.1:${port}/hook?answer=${status}`, clock });
    const failure = await failureOf(notifier.postWebhook({ text: 'hi' }));
    expect(failure.message).toBe(`The webhook http://127.0.0.1:${port} answered HTTP ${status}.`);
  });
});

describe('the outbox and the notice', () => {
  it('makes the outbox folder with its parents, and names a file whose message id has nothing usable "message"', async () => {
    const dir = tempDir('parapet-outbox-');
    try {
      const outbox = `${dir.path}/state/mail/outbox`;
      const path = await writeOutboxMessage(outbox, clock.now(), '<@>', Buffer.from('To: a@b.example\r\nSubject: s\r\n\r\nbody'));
      expect(path).toBe(`${outbox}/2026-03-01T10-00-00-000Z-message.eml`);
      expect((await listOutbox(outbox)).map((m) => [m.to, m.subject])).toEqual([['a@b.example', 's']]);
    } finally {
      dir.cleanup();
    }
  });

  it('a notice without an alert says who asked and why, and ends on its last sentence', () => {
    expect(userNotice({ email: 'lou@northwind.example', reason: 'Sign-in from a new country', alert: null })).toEqual({
      subject: 'Security notice from your IT team',
      text: [
        'Hello,',
        '',
        'Your IT security team asked us to contact you about your account (lou@northwind.example).',
        '',
        '  Sign-in from a new country',
        '',
        'If this was you, no action is needed. If it was not, change your password and contact your IT team right away.',
      ].join('\n'),
    });
  });
});
