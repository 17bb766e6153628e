import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../../core/clock.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { appJwt } from '../auth.js';
import { nextLink } from '../client.js';
import { githubSimulator, type RunningGithubSimulator } from './index.js';
import { APP_ID, DEMO_PAT, INSTALLATION_ID } from './state.js';

const UA = { 'user-agent': 'parapet-test' };

async function get(sim: RunningGithubSimulator, path: string, token = DEMO_PAT, headers: Record<string, string> = UA) {
  const res = await request(path.startsWith('http') ? path : `${sim.urls.api}${path}`, { headers: { ...headers, authorization: `Bearer ${token}` } });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers as Record<string, string>, body: text ? (JSON.parse(text) as unknown) : null };
}

describe('GitHub simulator', () => {
  let sim: RunningGithubSimulator;
  beforeAll(async () => {
    sim = await githubSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, auditLogPerHour: 6 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('mints installation tokens only for an RS256 app JWT signed with the App key, within its lifetime', async () => {
    const mint = async (jwt: string) => {
      const res = await request(`${sim.urls.api}/app/installations/${INSTALLATION_ID}/access_tokens`, { method: 'POST', headers: { ...UA, authorization: `Bearer ${jwt}` } });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };
    const good = await mint(appJwt({ appId: String(APP_ID), privateKeyPem: sim.config.privateKey ?? '', now: sim.now() }));
    expect(good.status).toBe(201);
    expect(String(good.body.token)).toMatch(/^ghs_/);
    // On GitHub's clock: the tenant's.
    expect(Date.parse(String(good.body.expires_at)) - sim.now()).toBeGreaterThan(50 * MINUTE);
    expect((await get(sim, `/orgs/northwind-legal`, String(good.body.token))).status).toBe(200);
    const wrongKey = await mint(appJwt({ appId: String(APP_ID), privateKeyPem: sim.badCredentialConfig.privateKey ?? '', now: sim.now() }));
    expect(wrongKey).toMatchObject({ status: 401, body: { message: 'A JSON web token could not be decoded' } });
    const expired = await mint(appJwt({ appId: String(APP_ID), privateKeyPem: sim.config.privateKey ?? '', now: sim.now() - 20 * MINUTE }));
    expect(expired.status).toBe(401);
    expect(String(expired.body.message)).toMatch(/exp/);
    const wrongApp = await mint(appJwt({ appId: '1', privateKeyPem: sim.config.privateKey ?? '', now: sim.now() }));
    expect(wrongApp.status).toBe(401);
  });

  it('refuses a missing User-Agent (403) and bad credentials (401) in GitHub error bodies', async () => {
    expect(await get(sim, '/orgs/northwind-legal', DEMO_PAT, {})).toMatchObject({ status: 403, body: { message: expect.stringMatching(/User-Agent/) } });
    expect(await get(sim, '/orgs/northwind-legal', 'ghs_nope')).toMatchObject({ status: 401, body: { message: 'Bad credentials', status: '401' } });
  });

  it('pages lists by page number with a Link header holding next and last', async () => {
    const first = await get(sim, '/orgs/northwind-legal/members?per_page=10');
    expect((first.body as unknown[]).length).toBe(10);
    expect(first.headers.link).toMatch(/rel="next".*rel="last"/);
    const logins: string[] = [];
    let url: string | null = `${sim.urls.api}/orgs/northwind-legal/members?per_page=7`;
    while (url) {
      const page = await get(sim, url);
      logins.push(...(page.body as { login: string }[]).map((u) => u.login));
      url = nextLink(page.headers.link);
    }
    expect(logins).toHaveLength(30);
    expect(new Set(logins).size).toBe(30);
    expect(first.headers['x-ratelimit-limit']).toBe('15000');
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('serves the audit log newest first by default without Git events, and asc with cursors in Link that end with the data', async () => {
    const own = await githubSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    try {
      const since = new Date(CONFORMANCE_NOW - 2 * 86_400_000).toISOString().slice(0, 19) + 'Z';
      const desc = await get(own, `/orgs/northwind-legal/audit-log?per_page=100&phrase=${encodeURIComponent(`created:>=${since}`)}`);
      const events = desc.body as { '@timestamp': number; action: string }[];
      expect(events.length).toBeGreaterThan(10);
      expect(events.some((e) => e.action.startsWith('git.'))).toBe(false);
      expect(events.map((e) => e['@timestamp'])).toEqual([...events.map((e) => e['@timestamp'])].sort((a, b) => b - a));
      const ids: string[] = [];
      let url: string | null = `${own.urls.api}/orgs/northwind-legal/audit-log?include=all&order=asc&per_page=25&phrase=${encodeURIComponent(`created:>=${since}`)}`;
      let pages = 0;
      while (url) {
        const page = await get(own, url);
        pages++;
        ids.push(...(page.body as { _document_id: string }[]).map((e) => e._document_id));
        url = nextLink(page.headers.link);
        if (url) expect(url).toMatch(/\/organizations\/9876543\/audit-log\?.*after=/);
      }
      expect(pages).toBeGreaterThan(2);
      expect(new Set(ids).size).toBe(ids.length);
      const truth = own.truth().activityIds;
      const truthSet = new Set(truth);
      expect(ids.every((id) => truthSet.has(id))).toBe(true);
      expect(await get(own, `/orgs/northwind-legal/audit-log?phrase=${encodeURIComponent('created:>=yesterday')}`)).toMatchObject({ status: 422 });
      const actions = await get(own, `/orgs/northwind-legal/audit-log?per_page=100&phrase=${encodeURIComponent('action:org.update_member')}`);
      expect((actions.body as { action: string }[]).map((e) => e.action)).toEqual(['org.update_member']);
    } finally {
      await own.close();
    }
  });

  it('answers the audit log with a 403 secondary rate limit and Retry-After once its hourly query budget is spent', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof get>> | null = null;
    for (let i = 0; i < 7; i++) {
      last = await get(sim, '/orgs/northwind-legal/audit-log?per_page=1');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 403]);
    expect(last?.headers['retry-after']).toBe('60');
    expect(last?.body).toMatchObject({ message: expect.stringMatching(/secondary rate limit/) });
  });

  it('releases late Git events and new activity as a live tenant\'s clock moves on', async () => {
    const live = await githubSimulator.start({ seed: 7, historyDays: 2 });
    try {
      const before = new Set(live.truth().activityIds);
      // A whole day and more: six hours from just after midnight UTC hold nobody's working hours, and the
      // test failed whenever it ran then. The live tenant holds the next two days.
      await live.advance(40 * 60 * MINUTE);
      const after = live.truth().activityIds;
      expect(after.filter((id) => !before.has(id)).length).toBeGreaterThan(0);
    } finally {
      await live.close();
    }
  });

  it('holds the approved publication of the profile repository in the benign history, and the e-discovery one only with its scenario', async () => {
    // Their own tenants: this file's shared one has spent its audit-log budget.
    const benign = await githubSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios: [] });
    const attacked = await githubSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    try {
      const published = async (s: RunningGithubSimulator) =>
        ((await get(s, `/orgs/northwind-legal/audit-log?phrase=${encodeURIComponent('action:repo.access')}&per_page=100`)).body as { repo: string; visibility: string; previous_visibility: string }[]).map((e) => `${e.repo} ${e.previous_visibility}->${e.visibility}`);
      expect(await published(benign)).toEqual(['northwind-legal/.github private->public']);
      expect((await published(attacked)).sort()).toEqual(['northwind-legal/.github private->public', 'northwind-legal/e-discovery private->public']);
    } finally {
      await benign.close();
      await attacked.close();
    }
  });

  it('answers GraphQL with roles, verified-domain e-mails and SAML identities', async () => {
    const res = await request(`${sim.urls.graphql}`, {
      method: 'POST',
      headers: { ...UA, authorization: `Bearer ${DEMO_PAT}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($org: String!, $cursor: String) { organization(login: $org) { membersWithRole(first: 100, after: $cursor) { pageInfo { hasNextPage endCursor } edges { role node { databaseId login name organizationVerifiedDomainEmails(login: $org) } } } } }', variables: { org: 'northwind-legal', cursor: null } }),
    });
    const body = (await res.body.json()) as { data: { organization: { membersWithRole: { edges: { role: string; node: { organizationVerifiedDomainEmails: string[] } }[] } } } };
    const edges = body.data.organization.membersWithRole.edges;
    expect(edges).toHaveLength(30);
    expect(edges.filter((e) => e.role === 'ADMIN')).toHaveLength(2);
    expect(edges.filter((e) => e.node.organizationVerifiedDomainEmails.length === 0)).toHaveLength(4);
  });
});
