import type { FastifyReply, FastifyRequest } from 'fastify';
import { traceIds } from './tokens.js';

/** Which Microsoft host a path belongs to: one port serves all three. */
export type Host = 'login' | 'manage' | 'graph';

export function hostOf(url: string): Host {
  if (/^\/api\/v1(\.0)?\//i.test(url)) return 'manage';
  if (/^\/(v1\.0|beta)\//i.test(url)) return 'graph';
  return 'login';
}

/** `2024-05-01 10:00:00Z`: the timestamp format of Entra token errors. */
function aadTimestamp(now: number): string {
  return new Date(now).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** An Entra token-endpoint error (digest §1.4). */
export function sendAadError(reply: FastifyReply, status: number, error: string, code: number, description: string, now: number): FastifyReply {
  const { traceId, correlationId } = traceIds();
  const timestamp = aadTimestamp(now);
  return reply.code(status).send({
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

/** A Management Activity API error (digest §2.7): `{"error":{"code":"AF…","message":"…"}}`. */
export function sendAfError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

/** A Graph error (digest §3.1) with `innerError` mirroring the request ids. */
export function sendGraphError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const requestId = String(reply.getHeader('request-id') ?? '');
  const clientRequestId = String(reply.getHeader('client-request-id') ?? requestId);
  return reply.code(status).send({
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  });
}

export type Query = Record<string, string | undefined>;

export function queryOf(req: FastifyRequest): Query {
  return (req.query ?? {}) as Query;
}

export function paramsOf(req: FastifyRequest): Record<string, string> {
  return (req.params ?? {}) as Record<string, string>;
}

/** The origin clients reached us at, for absolute links (`@odata.nextLink`, `NextPageUri`, `contentUri`). */
export function originOf(req: FastifyRequest, fallback: string): string {
  const host = req.headers.host;
  return host ? `http://${host}` : fallback;
}

/** Query parameters are case-insensitive on the Management API (`PublisherIdentifier`, `contentType`). */
export function param(query: Query, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
