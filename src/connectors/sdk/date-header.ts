import type { HttpResponse } from './http-client.js';

/** The provider's clock as a response's `Date` header gives it (epoch ms); null when it is missing or unreadable. */
export function dateHeaderTime(response: Pick<HttpResponse, 'headers'>): number | null {
  const at = Date.parse(response.headers.date ?? '');
  return Number.isNaN(at) ? null : at;
}
