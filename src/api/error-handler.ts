import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AuthError, ConfigError, HostNotAllowedError, NetworkError, NotFoundError, ParapetError, PermissionError, ProviderError, RateLimitedError, StoreError, ValidationError } from '../core/errors.js';
import { ApiProblem, type Problem } from './problem.js';

const PROBLEM_TYPE = 'application/problem+json';

function send(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  // Problems bypass the route's response schema: they are always this shape.
  return reply.code(problem.status).headers(headers).type(PROBLEM_TYPE).serializer(JSON.stringify).send(problem);
}

/**
 * The only place errors become HTTP responses: RFC 9457 problems naming the field at fault; our own error
 * kinds map to statuses; anything else is a 500 without its message or stack (it may hold internals).
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiProblem) {
      const headers = error.extra.retryAfterSeconds ? { 'retry-after': String(error.extra.retryAfterSeconds) } : {};
      return send(reply, error.toProblem(), headers);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
      const errors = error.validation.map((v) => ({
        path: [part, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return send(reply, { type: 'about:blank', title: 'Bad Request', status: 400, detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
    }
    if (error instanceof ZodError) {
      const errors = error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message }));
      return send(reply, { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
    }
    if (error instanceof ValidationError) {
      // Policy sources report `file:line:col: message`; the portal's editor marks the line.
      const errors = error.issues.map((issue) => {
        const at = /^[^:\n]*:(\d+):(\d+): ([\s\S]*)$/.exec(issue);
        return at ? { path: 'body.source', message: at[3] ?? issue, line: Number(at[1]), column: Number(at[2]) } : { path: 'body.source', message: issue };
      });
      return send(reply, { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: error.message, ...(errors.length ? { errors } : {}) });
    }
    if (error instanceof PermissionError) return send(reply, { type: 'about:blank', title: 'Forbidden', status: 403, detail: error.message });
    if (error instanceof NotFoundError) return send(reply, { type: 'about:blank', title: 'Not Found', status: 404, detail: error.message });
    if (error instanceof ConfigError) return send(reply, { type: 'about:blank', title: 'Conflict', status: 409, detail: error.message });
    if (error instanceof RateLimitedError || error instanceof AuthError || error instanceof ProviderError || error instanceof NetworkError || error instanceof HostNotAllowedError) {
      return send(reply, { type: 'about:blank', title: 'Bad Gateway', status: 502, detail: error.message });
    }
    if (error instanceof StoreError) {
      request.log.error({ err: { type: error.name, message: error.message } }, 'store failure');
      return send(reply, { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: error.message });
    }
    if (error instanceof ParapetError) return send(reply, { type: 'about:blank', title: 'Bad Request', status: 400, detail: error.message });
    // Fastify's own client errors (body too large, bad JSON, unsupported media type) carry a 4xx status.
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
      const detail = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is larger than this route accepts.' : error.message;
      return send(reply, { type: 'about:blank', title: status === 413 ? 'Content Too Large' : 'Bad Request', status, detail });
    }
    request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unexpected error answering a request');
    return send(reply, { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: `Something went wrong on the server (request ${request.id}); the log has the details.` });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, { type: 'about:blank', title: 'Not Found', status: 404, detail: `No route ${request.method} ${request.url.split('?')[0] ?? ''}. The API is described at /api/openapi.json.` }),
  );
}
