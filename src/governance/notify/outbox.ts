import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One e-mail the outbox holds, as `parapet action outbox` and the log show it. */
export interface OutboxMessage {
  file: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
}

/** Writes one RFC 5322 message (as nodemailer built it) to the outbox; returns its path. */
export async function writeOutboxMessage(dir: string, time: number, messageId: string, raw: Buffer): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const safeId = messageId.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 60) || 'message';
  const path = join(dir, `${new Date(time).toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
  await writeFile(path, raw, { mode: 0o600 });
  return path;
}

/** The header value of a (possibly folded) header line. */
function header(head: string, name: string): string {
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, ' ').trim() ?? '';
}

/** The outbox's messages, oldest first (empty when nothing was written yet). */
export async function listOutbox(dir: string): Promise<OutboxMessage[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const messages: OutboxMessage[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
    messages.push({ file: join(dir, file), to: header(head, 'To'), subject: header(head, 'Subject'), date: header(head, 'Date'), messageId: header(head, 'Message-ID') });
  }
  return messages;
}
