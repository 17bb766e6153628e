import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from './build-api.js';
import { startTestApi, type TestApi } from './test-support.js';

let t: TestApi;
let doc: { openapi: string; paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: unknown }[]; requestBody?: { content: Record<string, { schema?: unknown }> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
beforeAll(async () => {
  t = await startTestApi();
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(async () => t.close());

describe('/api/openapi.json', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every API route, each with its request and response schemas', () => {
    const routes = routeTable(t.app).filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD');
    const problems: string[] = [];
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      if (!operation) {
        problems.push(`${route.method} ${route.url}: not in the document`);
        continue;
      }
      for (const name of [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1])) {
        if (!operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.schema)) problems.push(`${route.method} ${route.url}: path parameter ${name} has no schema`);
      }
      if (route.hasBody && !operation.requestBody?.content['application/json']?.schema) problems.push(`${route.method} ${route.url}: no request body schema`);
      const success = Object.entries(operation.responses).filter(([code]) => /^[23]/.test(code));
      if (!success.length) problems.push(`${route.method} ${route.url}: no success response`);
      for (const [code, response] of success) {
        if (code !== '204' && code !== '302' && !Object.values(response.content ?? {}).some((c) => c.schema)) problems.push(`${route.method} ${route.url}: response ${code} has no schema`);
      }
      if (!Object.values(operation.responses['400']?.content ?? {}).some((c) => c.schema)) problems.push(`${route.method} ${route.url}: no problem (400) schema`);
    }
    expect(problems).toEqual([]);
    expect(routes.length).toBeGreaterThan(40);
  });
});
