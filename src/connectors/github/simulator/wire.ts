import type { FastifyReply, FastifyRequest } from 'fastify';

export const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: `{message, documentation_url, status}`. */
export function sendError(reply: FastifyReply, status: number, message: string, documentationUrl = DOCS): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ message, documentation_url: documentationUrl, status: String(status) }));
}

export function queryOf(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** `per_page` as GitHub reads it: default 30, at most 100. */
export function perPage(query: Record<string, string>, cap = 100): number {
  const n = Number(query.per_page ?? 30);
  return Math.max(1, Math.min(cap, Number.isFinite(n) ? Math.floor(n) : 30));
}

/** A page-numbered list with its RFC 5988 `Link` header (next, last, first, prev), as GitHub sends. */
export function sendPage<T>(req: FastifyRequest, reply: FastifyReply, baseUrl: string, items: readonly T[], transform: (page: T[]) => unknown = (p) => p): unknown {
  const query = queryOf(req);
  const size = perPage(query);
  const page = Math.max(1, Number(query.page ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / size));
  const path = req.url.split('?')[0] ?? '/';
  const link = (p: number) => {
    const params = new URLSearchParams({ ...query, per_page: String(size), page: String(p) });
    return `${baseUrl}${path}?${params.toString()}`;
  };
  const rels: string[] = [];
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
  if (rels.length) reply.header('link', rels.join(', '));
  return transform(items.slice((page - 1) * size, page * size) as T[]);
}
