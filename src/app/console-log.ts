import type { Logger } from 'pino';
import type { SyncSummary } from '../sync/sync-service.js';

/**
 * The log as a person at a terminal reads it: one line per sync, one line per new alert, warnings and
 * errors in full, and nothing else (the rest of the info-level chatter is for log shippers, which get
 * pino's JSON lines: `PARAPET_LOG_FORMAT=json`, the default when stderr is not a terminal).
 */

/** What a log line carries to be shown as a sync line: see {@link syncLogFields}. */
export interface SyncLogFields {
  event: 'sync';
  connector: string;
  streams: { stream: string; ok: boolean; read: number; stored: number; error: string | null }[];
  durationMs: number;
}

/** What a log line carries to be shown as an alert line: see {@link alertLogFields}. */
export interface AlertLogFields {
  event: 'alert';
  alertId: string;
  severity: string;
  policy: string;
  person: string;
  sentence: string;
}

export function syncLogFields(connector: string, streams: SyncLogFields['streams'], durationMs: number): SyncLogFields {
  return { event: 'sync', connector, streams, durationMs: Math.round(durationMs) };
}

/** Logs one finished sync of a connection: one line on a terminal, one JSON record elsewhere. */
export function logSync(logger: Logger, summary: SyncSummary): void {
  const streams = summary.streams.map((s) => ({ stream: s.stream, ok: s.ok, read: s.records, stored: s.stored, error: s.error }));
  logger.info(syncLogFields(summary.instance.name, streams, summary.durationMs), `${summary.instance.name} synced`);
}

export function alertLogFields(alert: { id: string; severity: string; policyId: string; subject: { email: string | null; key: string }; explanation: string }): AlertLogFields {
  return { event: 'alert', alertId: alert.id, severity: alert.severity, policy: alert.policyId, person: alert.subject.email ?? alert.subject.key, sentence: alert.explanation };
}

export interface ConsoleLogOptions {
  colour: boolean;
  /** debug/trace: every line is shown, not just syncs, alerts, warnings and errors. */
  verbose: boolean;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields pino adds, or that the line's own text already says. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'event']);

function paint(colour: boolean, code: string, text: string): string {
  return colour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function clockTime(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

const SEVERITY_COLOUR: Record<string, string> = { critical: '1;31', high: '31', medium: '33', low: '36' };

/** One parsed pino record as the line a person sees, or null when the console leaves it out. */
export function formatConsoleLine(record: Record<string, unknown>, options: ConsoleLogOptions): string | null {
  const level = typeof record.level === 'number' ? record.level : 30;
  const time = paint(options.colour, '2', clockTime(record.time));
  if (record.event === 'sync') {
    const sync = record as unknown as SyncLogFields;
    const streams = sync.streams.map((s) => (s.ok ? `${s.stream} ${s.stored} new` : `${s.stream} ${paint(options.colour, '31', `FAILED: ${s.error ?? 'unknown error'}`)}`));
    return `${time}  ${paint(options.colour, '32', 'sync ')}  ${sync.connector}: ${streams.join(', ')} (${seconds(sync.durationMs)})`;
  }
  if (record.event === 'alert') {
    const alert = record as unknown as AlertLogFields;
    const severity = paint(options.colour, SEVERITY_COLOUR[alert.severity] ?? '0', alert.severity.toUpperCase().padEnd(8));
    return `${time}  ${paint(options.colour, '1', 'alert')}  ${severity} ${alert.policy}  ${alert.person}: ${alert.sentence}`;
  }
  if (level < 40 && !options.verbose) return null;
  const label = LEVELS[level] ?? String(level);
  const painted = level >= 50 ? paint(options.colour, '1;31', label) : level >= 40 ? paint(options.colour, '33', label) : paint(options.colour, '2', label);
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  return [`${time}  ${painted.padEnd(options.colour ? painted.length : 5)}  ${String(record.msg ?? '')}`, ...fields].join(' ');
}

/** A pino destination (it calls `write` with one JSON line per record) that writes console lines. */
export function consoleLogDestination(out: { write(text: string): unknown }, options: ConsoleLogOptions): { write(line: string): void } {
  return {
    write(line: string) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const text = formatConsoleLine(record, options);
      if (text !== null) out.write(`${text}\n`);
    },
  };
}
