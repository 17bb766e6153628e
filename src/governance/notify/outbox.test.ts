import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { listOutbox } from './outbox.js';
import { createNotifier } from './notifier.js';

describe('the mail outbox (the demo: e-mail without a mail server)', () => {
  it('writes each e-mail as an .eml file and lists it back with its recipient and subject', async () => {
    const dir = tempDir('parapet-outbox-');
    try {
      const clock = { now: () => Date.parse('2026-03-01T10:00:00Z') };
      const notifier = createNotifier({ outboxDir: `${dir.path}/outbox`, from: 'security@northwind.example', clock });
      expect(notifier.canEmail).toBe(true);
      expect(await listOutbox(`${dir.path}/outbox`)).toEqual([]);
      const answer = await notifier.sendEmail({ to: 'lou@northwind.example', subject: 'Security notice: Impossible travel', text: 'Hello,\n\nWe noticed a sign-in from Lagos.' });
      expect(answer).toMatch(/^Delivered to the outbox for lou@northwind\.example \(no mail server is configured; the message is .*\.eml/);
      const [message, ...rest] = await listOutbox(`${dir.path}/outbox`);
      expect(rest).toEqual([]);
      expect(message).toMatchObject({ to: 'lou@northwind.example', subject: 'Security notice: Impossible travel', date: 'Sun, 01 Mar 2026 10:00:00 +0000' });
      const raw = readFileSync(message!.file, 'utf8');
      expect(raw).toMatch(/^From: security@northwind\.example$/m);
      expect(raw).toContain('We noticed a sign-in from Lagos.');
    } finally {
      dir.cleanup();
    }
  });

  it('is off without a directory: no e-mail at all, and asking to send says what to configure', async () => {
    const notifier = createNotifier({ clock: { now: () => 0 } });
    expect(notifier.canEmail).toBe(false);
    await expect(notifier.sendEmail({ to: 'a@b.example', subject: 's', text: 't' })).rejects.toThrow(/PARAPET_SMTP_URL/);
  });
});
