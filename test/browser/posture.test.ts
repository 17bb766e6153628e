/**
 * The Posture page in a real browser against a real `parapet serve --demo`: a score per app, a failing check with
 * its evidence and expected value, checks that cannot be read listed with the reason, the demo's own drift
 * scenario's alerts, a drift made in a DocuSign
 * simulator at run time showing in the check's history with the alert it raised, and the report exports.
 * Screenshots land in test-artifacts/; axe-core checks the page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docusignSimulator, type RunningDocusignSimulator } from '../../src/connectors/docusign/simulator/index.js';
import { ADMIN_PASSWORD, browserAvailable, launchChromium, screenshot, seriousAccessibilityViolations, startParapet, type RunningParapet } from './harness.js';

const CONNECTION = 'docusign-posture';

interface Finding {
  connectorInstanceId: string;
  instanceName: string;
  provider: string;
  checkId: string;
  status: string;
  evidence: string;
  expected: string | null;
  notEvaluable: string | null;
}
interface Report {
  apps: { provider: string; appName: string; score: { score: number | null; passed: number; failed: number } }[];
  findings: Finding[];
}
interface HistoryEntry {
  status: string;
  observed: number | null;
  alertId: string | null;
}

describe.skipIf(!browserAvailable())('posture page in Chromium', () => {
  let server: RunningParapet;
  let chromium: { browser: Browser; close(): Promise<void> };
  let context: BrowserContext;
  let page: Page;
  let docusign: RunningDocusignSimulator;
  let csrf = '';
  let connectionId = '';
  /** Uncaught errors in the page: a crash the assertions might not see (e.g. a broken effect). */
  const pageErrors: string[] = [];

  const api = async <T,>(path: string): Promise<T> => {
    const res = await page.request.get(`${server.url}/api/v1${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  };
  const syncNow = async () => {
    const res = await page.request.post(`${server.url}/api/v1/connectors/${connectionId}/sync`, { headers: { 'x-csrf-token': csrf } });
    expect(res.status()).toBe(202);
    return ((await res.json()) as { started: boolean }).started;
  };
  const historyOf = (checkId: string) => api<{ items: HistoryEntry[] }>(`/posture/history/${checkId}?connector=${connectionId}`).then((h) => h.items);

  beforeAll(async () => {
    [server, chromium, docusign] = await Promise.all([startParapet(), launchChromium(), docusignSimulator.start({ seed: 42 })]);
    context = await chromium.browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/sign-in`);
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    csrf = ((await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    // A connection of our own, to a simulator this process holds, so the test can weaken its settings at run time.
    const created = await page.request.post(`${server.url}/api/v1/connectors`, { data: { provider: 'docusign', name: CONNECTION, config: docusign.config, streams: ['settings'] }, headers: { 'x-csrf-token': csrf } });
    expect(created.status()).toBe(201);
    connectionId = ((await created.json()) as { id: string }).id;
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await docusign?.close();
    await server?.stop();
  }, 30_000);

  it('shows a score per app, a failing check with its evidence and expected value, and what cannot be read', async () => {
    await expect.poll(async () => (await syncNow()) || (await historyOf('DS-SESS-1')).length > 0, { timeout: 90_000, interval: 2_000 }).toBe(true);
    await expect.poll(async () => (await historyOf('DS-SESS-1')).length, { timeout: 90_000, interval: 2_000 }).toBe(1);
    // The demo's own connections evaluate posture after their first settings sync.
    const scored = async () => (await api<Report>('/posture')).apps.filter((a) => a.score.score !== null);
    await expect.poll(async () => (await scored()).map((a) => a.provider), { timeout: 120_000, interval: 3_000 }).toEqual(expect.arrayContaining(['docusign', 'microsoft365']));
    const apps = await scored();

    await page.goto(`${server.url}/posture`);
    await page.getByRole('heading', { name: 'Posture', exact: true }).waitFor();
    const cards = page.getByTestId('posture-score');
    await cards.first().waitFor({ timeout: 30_000 });
    for (const app of apps) {
      const card = page.locator(`[data-testid=posture-score][data-app=${app.provider}]`);
      const text = await card.innerText();
      expect(text, app.provider).toContain(app.appName);
      expect(text, app.provider).toContain(String(app.score.score));
      expect(text, app.provider).toContain(`${app.score.passed} pass · ${app.score.failed} fail`);
    }

    // DS-SESS-1 on our connection: the evidence names the account and value, the expected value follows.
    const failing = page.getByRole('table', { name: 'Failing checks' });
    const row = failing.locator('tbody tr').filter({ hasText: 'DS-SESS-1' }).filter({ hasText: CONNECTION });
    await expect.poll(() => row.count()).toBe(1);
    const rowText = await row.innerText();
    expect(rowText).toContain('"Northwind Legal US": sessionTimeout is 60 minutes (want at most 30).');
    expect(rowText).toContain('Expected: sessionTimeout ≤ 30 minutes.');
    expect(rowText).toContain('Session timeout');

    // Exchange Online items only PowerShell or DNS can read are listed with the reason, never silently dropped.
    const notEvaluated = page.getByRole('table', { name: 'Not evaluated' });
    const forwarding = notEvaluated.locator('tbody tr').filter({ hasText: 'M365-19' });
    expect(await forwarding.count()).toBeGreaterThan(0);
    expect(await forwarding.first().innerText()).toContain('Not evaluated: remote domains (Get-RemoteDomain AutoForwardEnabled)');

    const violations = await seriousAccessibilityViolations(page);
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await screenshot(page, 'posture-01-scores-and-failing-checks');
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('the demo\'s own drift scenario (run once after its first settings sync) shows its drift alerts in the portal', async () => {
    type AlertItem = { id: string; subject: { key: string }; connectorInstanceId: string | null; explanation: string };
    const demoDrift = async () =>
      (await api<{ items: AlertItem[] }>('/alerts?policy=posture.drift&limit=200')).items
        .filter((a) => a.connectorInstanceId !== connectionId)
        .map((a) => a.subject.key.split('@')[0])
        .sort();
    await expect.poll(demoDrift, { timeout: 150_000, interval: 3_000 }).toEqual(['DS-ADM-2', 'DS-SESS-1', 'DS-SESS-2', 'M365-09', 'M365-12']);
    await page.goto(`${server.url}/alerts?policy=posture.drift`);
    const rows = page.locator('[data-testid=alert-row]').filter({ hasText: 'Security setting drifted' });
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(5);
    await screenshot(page, 'posture-02a-demo-drift-alerts');
    expect(pageErrors).toEqual([]);
  }, 200_000);

  it('after the simulator weakens the settings, the check\'s history shows the drift and links the alert it raised', async () => {
    expect(docusign.weakenPosture().map((c) => c.field)).toEqual(['sessionTimeout', 'mobileSessionTimeout', 'requireTwoStepVerification']);
    await expect.poll(async () => (await syncNow()) && true, { timeout: 60_000, interval: 2_000 }).toBe(true);
    await expect.poll(async () => (await historyOf('DS-SESS-1')).map((h) => h.observed), { timeout: 90_000, interval: 2_000 }).toEqual([120, 60]);
    const [latest] = await historyOf('DS-SESS-1');
    expect(latest?.alertId).toBeTruthy();

    await page.goto(`${server.url}/posture`);
    const row = page.getByRole('table', { name: 'Failing checks' }).locator('tbody tr').filter({ hasText: 'DS-SESS-1' }).filter({ hasText: CONNECTION });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain('sessionTimeout is 120 minutes');
    await page.getByRole('button', { name: `History of DS-SESS-1 on ${CONNECTION}` }).click();
    const history = page.getByRole('table', { name: 'Check history' });
    await history.waitFor({ timeout: 15_000 });
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('120');
    expect(await rows.nth(1).innerText()).toContain('60');
    const violations = await seriousAccessibilityViolations(page);
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await screenshot(page, 'posture-02-history-with-drift');

    await rows.nth(0).getByRole('link', { name: 'Open alert' }).click();
    await page.waitForURL(new RegExp(`/alerts/${latest?.alertId ?? 'none'}$`));
    expect(await page.getByTestId('alert-explanation').innerText()).toContain('the value moved from 60 to 120');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('exports the report it shows: a printable HTML page, SARIF 2.1.0 and OCSF compliance findings', async () => {
    await page.goto(`${server.url}/posture`);
    const href = async (name: string) => {
      const link = page.getByRole('link', { name, exact: true });
      await link.waitFor({ timeout: 15_000 });
      return new URL((await link.getAttribute('href')) ?? '', server.url).toString();
    };
    const html = await page.request.get(await href('Printable report'));
    expect(html.status()).toBe(200);
    expect(html.headers()['content-type']).toContain('text/html');
    const printable = await context.newPage();
    await printable.setContent(await html.text());
    expect(await printable.locator('body').innerText()).toContain('DS-SESS-1');
    await screenshot(printable, 'posture-03-printable-report');
    await printable.close();

    const sarif = (await (await page.request.get(await href('SARIF'))).json()) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.flatMap((r) => r.results).some((r) => r.ruleId === 'DS-SESS-1')).toBe(true);
    const ocsf = (await (await page.request.get(await href('OCSF'))).json()) as unknown;
    expect(JSON.stringify(ocsf)).toContain('"class_uid":2003');
  }, 60_000);
});
