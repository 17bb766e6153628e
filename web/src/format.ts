/** Small display helpers shared by the pages. */

export function toDate(value: number | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = typeof value === 'number' ? new Date(value) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatTime(value: number | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  return date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function timeAgo(value: number | string | null | undefined, now = Date.now()): string {
  const date = toDate(value);
  if (!date) return 'never';
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

export function formatLag(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export function humanize(text: string): string {
  const spaced = text.replace(/[_.-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

export const SEVERITY_COLOR: Record<string, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };
export const STATUS_COLOR: Record<string, string> = {
  healthy: 'green',
  ok: 'green',
  connected: 'green',
  running: 'blue',
  active: 'green',
  connecting: 'blue',
  syncing: 'blue',
  degraded: 'yellow',
  error: 'red',
  failed: 'red',
  disabled: 'gray',
  open: 'red',
  in_progress: 'blue',
  resolved: 'green',
  dismissed: 'gray',
};
