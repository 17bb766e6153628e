import { zoomRecordId } from '../record-id.js';

/** One report record as Zoom serves it, with when it happened and when the report first shows it. */
export interface StoredRecord {
  kind: 'signin' | 'op';
  /** Epoch ms (a whole second). */
  at: number;
  /** Epoch ms the report starts listing it: operation logs arrive minutes late. */
  availableAt: number;
  id: string;
  record: Record<string, unknown>;
}

/** Zoom's `time`: ISO 8601 to the second, UTC. */
export const zoomTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function signIn(at: number, email: string, type: 'Sign in' | 'Sign out', ip: string, client: string, delayMs = 0): StoredRecord {
  const version = client === 'Browser' ? '-' : client === 'iOS' || client === 'Android' ? '5.17.10.21034' : '5.17.5.2543';
  const record = { email, time: zoomTime(at), type, ip_address: ip, client_type: client, version };
  const t = Math.floor(at / 1000) * 1000;
  return { kind: 'signin', at: t, availableAt: t + delayMs, id: zoomRecordId(record), record };
}

export function operation(at: number, operator: string, category: string, action: string, detail: string, delayMs = 0): StoredRecord {
  const record = { time: zoomTime(at), operator, category_type: category, action, operation_detail: detail };
  const t = Math.floor(at / 1000) * 1000;
  return { kind: 'op', at: t, availableAt: t + delayMs, id: zoomRecordId(record), record };
}
