import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSnapshot } from '../connectors/docusign/checks/settings-read.js';
import { registry } from '../connectors/registry.js';
import { PostureService } from '../posture/posture-service.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { upsertSettings } from '../store/repos/settings.js';
import type { TestApi } from './test-support.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';

const T0 = Date.UTC(2026, 11, 1, 12);
let t: TestApi;
let analyst: { cookie: string; csrf: string };

describeDialects('posture API', (dialect) => {
  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock: { now: () => T0 } });
    analyst = await t.login('analyst');
    const instance = await createInstance(t.store.db, t.store.secrets, { name: 'docusign-prod', provider: 'docusign', config: {}, now: T0 });
    const weak = accountSnapshot({ settings: { sessionTimeout: '60' }, rules: { passwordStrengthType: 'basic' } });
    await upsertSettings(t.store.db, instance.id, Object.entries(weak).map(([key, value]) => ({ key, value })), T0);
    await new PostureService({ db: t.store.db, registry, clock: { now: () => T0 }, logger: pino({ level: 'silent' }) }).evaluateInstance(instance.id);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('posture API', () => {
    it('GET /posture: scores and findings, failing first by gain', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/posture?app=docusign', headers: { cookie: analyst.cookie } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { apps: { provider: string; score: { failed: number } }[]; findings: { checkId: string; status: string; gain: number }[] };
      expect(body.apps.map((a) => [a.provider, a.score.failed])).toEqual([['docusign', 3]]);
      expect(body.findings.slice(0, 3).map((f) => f.checkId).sort()).toEqual(['DS-PW-1', 'DS-PW-2', 'DS-SESS-1']);
      expect(body.findings.slice(0, 3).every((f) => f.status === 'fail' && f.gain > 0)).toBe(true);
    });

    it('GET /posture filters by app and by connection; an unknown connection is named back in every route', async () => {
      const report = async (query: string) => (await t.app.inject({ url: `/api/v1/posture${query}`, headers: { cookie: analyst.cookie } })).json() as { apps: { provider: string }[]; findings: unknown[] };
      const all = await report('');
      expect(all.apps.map((a) => a.provider)).toEqual(['docusign']);
      expect(await report('?app=okta')).toMatchObject({ apps: [], findings: [] });
      expect((await report('?connector=docusign-prod')).findings).toEqual(all.findings);
      const unknown = { message: 'No connector named "docusign-dev". Connected: docusign-prod.' };
      expect(await report('?connector=docusign-dev')).toMatchObject({ status: 422, errors: [{ path: 'query.connector', ...unknown }] });
      const exported = await t.app.inject({ url: '/api/v1/posture/export?format=sarif&connector=docusign-dev', headers: { cookie: analyst.cookie } });
      expect([exported.statusCode, exported.json().errors]).toEqual([422, [{ path: 'query.connector', ...unknown }]]);
      const history = await t.app.inject({ url: '/api/v1/posture/history/DS-SESS-1?connector=docusign-dev', headers: { cookie: analyst.cookie } });
      expect([history.statusCode, history.json().errors]).toEqual([422, [{ path: 'query.connector', ...unknown }]]);
      const exception = await t.app.inject({ method: 'POST', url: '/api/v1/posture/exceptions', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { connector: 'docusign-dev', checkId: 'DS-SESS-1', owner: 'ana', reason: 'r', expiresAt: T0 + 1000 } });
      expect([exception.statusCode, exception.json().errors]).toEqual([422, [{ path: 'body.connector', ...unknown }]]);
    });

    it('exceptions: created with the current value, shown apart, refused when incomplete, withdrawn', async () => {
      const bad = await t.app.inject({ method: 'POST', url: '/api/v1/posture/exceptions', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { connector: 'docusign-prod', checkId: 'DS-NOPE', owner: 'ana', reason: 'r', expiresAt: T0 + 1000 } });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('has no posture check \\"DS-NOPE\\"');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/posture/exceptions', headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf }, payload: { connector: 'docusign-prod', checkId: 'DS-SESS-1', owner: 'ana@example.com', reason: 'Kiosks', expiresAt: T0 + 86_400_000 } });
      expect(res.statusCode).toBe(201);
      const created = res.json() as { id: string; acceptedObserved: number; createdBy: string };
      expect([created.acceptedObserved, created.createdBy]).toEqual([60, 'analyst']);
      const report = (await t.app.inject({ method: 'GET', url: '/api/v1/posture', headers: { cookie: analyst.cookie } })).json() as { overall: { excepted: number; failed: number } };
      expect([report.overall.excepted, report.overall.failed]).toEqual([1, 2]);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/posture/exceptions/${created.id}`, headers: { cookie: analyst.cookie, 'x-csrf-token': analyst.csrf } });
      expect(del.statusCode).toBe(204);
      expect(((await t.app.inject({ method: 'GET', url: '/api/v1/posture/exceptions', headers: { cookie: analyst.cookie } })).json() as { items: unknown[] }).items).toEqual([]);
    });

    it('exports SARIF and HTML', async () => {
      const sarif = await t.app.inject({ method: 'GET', url: '/api/v1/posture/export?format=sarif', headers: { cookie: analyst.cookie } });
      expect(sarif.headers['content-type']).toContain('application/sarif+json');
      expect((sarif.json() as { version: string }).version).toBe('2.1.0');
      const html = await t.app.inject({ method: 'GET', url: '/api/v1/posture/export?format=html', headers: { cookie: analyst.cookie } });
      expect(html.body).toContain('<h1>Security posture</h1>');
    });
  });
});
