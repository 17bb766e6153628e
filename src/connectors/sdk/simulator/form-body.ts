import type { FastifyInstance } from 'fastify';
import { parse as parseQueryString } from 'node:querystring';

/** Lets a simulator read `application/x-www-form-urlencoded` bodies (token requests, form posts) as `node:querystring` parses them. */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseQueryString(typeof body === 'string' ? body : body.toString('utf8')));
  });
}
