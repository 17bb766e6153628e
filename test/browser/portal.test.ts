/**
 * The portal in a real browser against a real `parapet serve --demo`: sign in, connect DocuSign through the
 * wizard (a bad key first), watch activities arrive and filter them, dismiss an alert with a reason, the
 * viewer role, an expired session, sign out. Screenshots land in test-artifacts/; axe-core checks each main page.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDocusignSimulator } from '../../src/connectors/docusign/simulator/index.js';
import { docusignSimulator } from '../../src/connectors/docusign/simulator/index.js';
import { ADMIN_PASSWORD, browserAvailable, csrfOf, expectAccessible, launchChromium, screenshot, signIn, startParapet, type RunningParapet } from './harness.js';

const VIEWER = { username: 'viola-viewer', password: 'viewer-password-for-tests-9' };

/** Reloads until `locator` shows up: the scheduler and detection deliver on their own time. */
async function waitAfterReloads(page: Page, selector: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${selector} did not appear on ${page.url()} within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(2_000);
    await page.reload();
    await page.waitForLoadState('networkidle');
  }
}

describe.skipIf(!browserAvailable())('portal in Chromium', () => {
  let server: RunningParapet;
  let chromium: { browser: Browser; close(): Promise<void> };
  let admin: BrowserContext;
  let page: Page;
  let docusign: RunningDocusignSimulator;
  let alertId = '';
  const cspViolations: string[] = [];

  beforeAll(async () => {
    [server, chromium, docusign] = await Promise.all([startParapet(), launchChromium(), docusignSimulator.start({ seed: 42 })]);
    admin = await chromium.browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    page = await admin.newPage();
    // Chromium reports what the Content-Security-Policy blocked on the console: the last test reads them.
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await chromium?.close();
    await docusign?.close();
    await server?.stop();
  }, 30_000);

  it('sends a signed-out visitor to sign-in, refuses a wrong password, then signs in to the overview', async () => {
    await page.goto(`${server.url}/alerts`);
    await page.waitForURL(/\/sign-in\?next=%2Falerts/);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, '01-sign-in');

    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor({ timeout: 15_000 });

    await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/alerts`);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Apps and their health' }).waitFor();
    await expect.poll(() => page.getByText('demo-docusign').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectAccessible(page, 'overview');
    await screenshot(page, '02-overview');
  }, 60_000);

  it('connects DocuSign through the wizard: a bad key shows the failing check, the right key passes, the first sync runs', async () => {
    await page.goto(`${server.url}/connectors/new`);
    await page.getByRole('button', { name: 'Connect DocuSign' }).click();
    await page.getByLabel('Connection name').fill('docusign-wizard');
    await page.getByLabel('Environment').first().click();
    await page.getByRole('option', { name: 'simulator' }).click();
    const config = docusign.config;
    await page.locator('[name=userId]').fill(config.userId);
    await page.locator('[name=integrationKey]').fill(config.integrationKey);
    await page.locator('[name=accountBaseUri]').fill(config.accountBaseUri);
    await page.locator('[name=simulatorUrl]').fill(config.simulatorUrl ?? '');
    // A well-formed key the simulator does not know: it passes the schema and fails the sign-in check.
    const wrongKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    await page.locator('input[type=file]').setInputFiles({ name: 'wrong.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(wrongKey) });
    await expect.poll(() => page.locator('[name=privateKey]').inputValue(), { timeout: 10_000 }).toContain('PRIVATE KEY-----');
    await expectAccessible(page, 'connect wizard');
    await page.getByRole('button', { name: 'Test settings' }).click();

    // Test before save: the failing check shows and nothing was stored.
    await page.getByText('A check failed').waitFor({ timeout: 30_000 });
    const failing = page.locator('[data-testid=test-checks] [data-ok=false]');
    expect(await failing.count()).toBeGreaterThan(0);
    expect((await failing.first().innerText()).toLowerCase()).toContain('failed');
    expect(await page.getByRole('button', { name: 'Save and start first sync' }).isDisabled()).toBe(true);
    const stored = async () => ((await (await page.request.get(`${server.url}/api/v1/connectors`)).json()) as { items: { name: string }[] }).items.map((c) => c.name);
    expect(await stored()).not.toContain('docusign-wizard');
    await screenshot(page, '03-connect-wizard-failing-check');

    await page.getByRole('button', { name: 'Change settings' }).click();
    expect(await page.getByLabel('Connection name').inputValue()).toBe('docusign-wizard');
    await page.locator('[name=privateKey]').fill(config.privateKey);
    await page.getByRole('button', { name: 'Test settings' }).click();
    await page.getByText('All checks passed').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=test-checks] [data-ok=false]').count()).toBe(0);
    expect(await page.locator('[data-testid=test-checks] [data-ok=true]').count()).toBeGreaterThan(0);
    expect(await stored()).not.toContain('docusign-wizard');

    await page.getByRole('button', { name: 'Save and start first sync' }).click();
    await page.getByRole('table', { name: 'Streams' }).waitFor({ timeout: 60_000 });
    await screenshot(page, '04-connect-wizard-first-sync');
  }, 120_000);

  it('shows the new connection’s activities arriving in the log and filters them', async () => {
    await page.getByRole('link', { name: 'See its activity' }).click();
    await page.waitForURL(/\/activity\?connector=/);
    await waitAfterReloads(page, '[data-testid=activity-row]', 90_000);
    await page.getByLabel('Action').fill('user.login');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=user\.login/);
    // The unfiltered rows stay until the filtered page arrives: wait for the table to turn over.
    const actionsShown = () => page.locator('[data-testid=activity-row] td:nth-child(4)').allInnerTexts();
    await expect.poll(async () => [...new Set(await actionsShown())], { timeout: 30_000 }).toEqual(['user.login']);
    expect((await actionsShown()).length).toBeGreaterThan(0);

    await page.locator('[data-testid=activity-row] button').first().click();
    await page.getByRole('tab', { name: 'Raw record' }).click();
    expect((await page.getByTestId('raw-record').innerText()).length).toBeGreaterThan(2);
    await screenshot(page, '05-activity-drawer');
    await page.keyboard.press('Escape');
    // axe must not read the drawer while it fades out (its half-transparent title fails contrast).
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 10_000 }).toBe(0);
    await expectAccessible(page, 'activity log');
    await screenshot(page, '06-activity-log');
  }, 150_000);

  it('opens an alert, shows its evidence and dismisses it with a reason', async () => {
    await page.goto(`${server.url}/alerts?status=open`);
    await waitAfterReloads(page, '[data-testid=alert-row]', 90_000);
    await expectAccessible(page, 'alerts');
    await screenshot(page, '07-alerts');

    const travel = page.locator('[data-testid=alert-row]').filter({ hasText: /travel/i });
    const row = (await travel.count()) > 0 ? travel.first() : page.locator('[data-testid=alert-row]').first();
    await row.getByRole('link').first().click();
    await page.waitForURL(/\/alerts\/[^/?]+$/);
    alertId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect((await page.getByTestId('alert-explanation').innerText()).length).toBeGreaterThan(20);
    await page.getByRole('table', { name: 'Activities' }).locator('tbody tr').first().waitFor();
    expect(await page.getByRole('table', { name: 'Activities' }).locator('tbody tr').count()).toBeGreaterThan(0);
    if ((await travel.count()) > 0 || (await page.getByTestId('travel-map').count()) > 0) await page.getByTestId('travel-map').waitFor();
    await expectAccessible(page, 'alert detail');
    await screenshot(page, '08-alert-detail');

    // The close dialog asks for a verdict and says what a benign one teaches this alert's policy (the API's words).
    const { benignVerdict } = (await (await page.request.get(`${server.url}/api/v1/alerts/${alertId}`)).json()) as { benignVerdict: string | null };
    expect(benignVerdict).toMatch(/^teaches the policy /);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByLabel('Verdict', { exact: true }).first().inputValue()).toBe('False positive: the policy read it wrong');
    expect(await page.getByTestId('verdict-lesson').innerText()).toBe(`A benign verdict ${benignVerdict}.`);
    await page.getByLabel('New status', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Resolved' }).click();
    expect(await page.getByLabel('Verdict', { exact: true }).first().inputValue()).toBe('True positive: a real threat, dealt with');
    expect(await page.getByTestId('verdict-lesson').innerText()).toMatch(/^A true positive teaches the policy nothing/);
    await page.getByLabel('New status', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Dismissed' }).click();
    await page.getByLabel('Verdict', { exact: true }).first().click();
    await page.getByRole('option', { name: /^Benign true positive/ }).click();
    expect(await page.getByTestId('verdict-lesson').innerText()).toBe(`A benign verdict ${benignVerdict}.`);
    await expectAccessible(page, 'close dialog');
    await screenshot(page, '08b-close-dialog');
    await page.getByLabel('Reason').fill('Known traveller: the browser test says so');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Reason: Known traveller: the browser test says so').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('alert-verdict').innerText()).toBe('Verdict: benign true positive');
    expect(await page.getByRole('button', { name: 'Dismiss' }).count()).toBe(0);
    const detail = await page.request.get(`${server.url}/api/v1/alerts/${alertId}`);
    expect(((await detail.json()) as { alert: { status: string; resolution: string } }).alert).toMatchObject({ status: 'dismissed', resolution: 'benign_true_positive' });

    // Assign it: "Assign to me", then the queue shows who has it and filters by assignee.
    const adminId = (((await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as { user: { id: string } }).user.id);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(async () => ((await (await page.request.get(`${server.url}/api/v1/alerts/${alertId}`)).json()) as { alert: { assigneeId: string | null } }).alert.assigneeId, { timeout: 15_000 }).toBe(adminId);
    await expect.poll(() => page.getByRole('button', { name: 'Assign to me' }).count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByLabel('Assignee', { exact: true }).first().inputValue()).toBe('admin');
    await page.goto(`${server.url}/alerts?assignee=${adminId}`);
    await page.locator('[data-testid=alert-row]').first().waitFor({ timeout: 15_000 });
    const assignedRows = await page.locator('[data-testid=alert-row]').allInnerTexts();
    expect(assignedRows).toHaveLength(1);
    expect(assignedRows[0]).toContain('admin');
  }, 150_000);

  it('finds a person, opens their page with accounts per app, and pivots to their activity', async () => {
    const identities = (await (await page.request.get(`${server.url}/api/v1/identities?limit=200`)).json()) as { items: { id: string; primaryEmail?: string | null; email?: string | null; accounts?: unknown[] }[] };
    const person = identities.items.find((i) => (i.accounts?.length ?? 0) > 0 && (i.primaryEmail ?? i.email));
    expect(person, 'the demo has people with accounts').toBeDefined();
    const email = (person!.primaryEmail ?? person!.email) as string;

    await page.goto(`${server.url}/people`);
    await page.getByRole('table', { name: 'People' }).locator('tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('table', { name: 'People' }).locator('tbody tr').count()).toBeGreaterThan(1);
    await page.getByLabel('Search people').fill(email);
    await page.waitForURL(/\/people\?q=/);
    await expect.poll(async () => page.getByRole('table', { name: 'People' }).locator('tbody tr').allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringContaining(email)]);
    await expectAccessible(page, 'people');

    await page.getByRole('table', { name: 'People' }).getByRole('link').first().click();
    await page.waitForURL(`${server.url}/people/${person!.id}`);
    const accounts = page.getByRole('table', { name: 'Accounts' }).locator('tbody tr');
    await accounts.first().waitFor();
    expect(await accounts.count()).toBe(person!.accounts!.length);
    expect((await accounts.allInnerTexts()).join('\n')).toMatch(/demo-/);
    await page.getByRole('heading', { level: 2, name: 'Accounts per app' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'person');
    await screenshot(page, '10b-person');
    await page.getByRole('link', { name: 'All of their activity' }).click();
    await page.waitForURL(/\/activity\?user=/);
    expect(new URL(page.url()).searchParams.get('user')).toBe(email);
  }, 90_000);

  it('writes a custom policy (line-numbered errors first), runs its tests and a backtest, tunes a built-in and switches it off', async () => {
    await page.goto(`${server.url}/policies`);
    await page.getByRole('table', { name: 'Policies' }).waitFor();
    await page.getByRole('button', { name: 'New custom policy' }).click();
    const source = page.getByLabel('Policy source (YAML or JSON)');
    const example = await source.inputValue();
    expect(example).toContain('id: custom.after-hours-admin');
    await source.fill(example.replace('severity: high', 'severity: extreme'));
    await page.getByRole('button', { name: 'Validate and save' }).click();
    const problems = page.getByRole('dialog').getByRole('alert');
    await problems.waitFor({ timeout: 15_000 });
    expect(await problems.innerText()).toMatch(/line 4: .*severity/is);
    await screenshot(page, '11b-policy-errors');

    await source.fill(example);
    await page.getByRole('button', { name: 'Validate and save' }).click();
    await page.waitForURL(`${server.url}/policies/custom.after-hours-admin`);
    await page.getByRole('heading', { level: 1, name: 'After-hours admin changes' }).waitFor();
    await page.getByRole('button', { name: 'Run its tests' }).click();
    await page.getByText('All tests passed').waitFor({ timeout: 30_000 });
    expect(await page.getByText(/✓ a role assigned at 23:30 Berlin time alerts/).count()).toBe(1);
    await page.getByRole('button', { name: 'Backtest', exact: true }).click();
    await page.getByText(/\d+ alert\(s\) would have been raised/).waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'custom policy');
    await screenshot(page, '11c-custom-policy');

    const policyApi = async (id: string) => (await (await page.request.get(`${server.url}/api/v1/policies/${encodeURIComponent(id)}`)).json()) as { enabled: boolean; sensitivity?: string };
    await page.goto(`${server.url}/policies/detection.impossible-travel`);
    await page.getByLabel('Sensitivity', { exact: true }).first().click();
    await page.getByRole('option', { name: 'high' }).click();
    await page.getByRole('button', { name: 'Save parameters' }).click();
    await page.getByText('Policy saved').waitFor({ timeout: 15_000 });
    expect((await policyApi('detection.impossible-travel')).sensitivity).toBe('high');

    await page.goto(`${server.url}/policies`);
    const toggle = page.getByRole('switch', { name: 'Disable After-hours admin changes' });
    await toggle.click({ force: true });
    await expect.poll(async () => (await policyApi('custom.after-hours-admin')).enabled, { timeout: 15_000 }).toBe(false);
    await page.getByRole('switch', { name: 'Enable After-hours admin changes' }).waitFor();
  }, 150_000);

  it('renders the remaining main pages without serious accessibility problems', async () => {
    for (const [path, heading, shot] of [
      ['/connectors', 'Connectors', '09-connectors'],
      ['/people', 'People', '10-people'],
      ['/policies', 'Policies', '11-policies'],
      ['/oauth-apps', 'OAuth apps', '12-oauth-apps'],
      ['/settings', 'Settings', '13-settings'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByText('Could not load this').count(), `${path} shows an error`).toBe(0);
      await expectAccessible(page, path);
      await screenshot(page, shot);
    }
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await page.goto(`${server.url}/alerts`);
    await page.locator('[data-testid=alert-row]').first().waitFor();
    await expectAccessible(page, 'alerts (dark)');
    await screenshot(page, '14-alerts-dark');
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
  }, 120_000);

  it('gives a viewer no change buttons, and the API refuses the viewer’s changes with 403', async () => {
    const csrf = await csrfOf(page, server.url);
    const created = await page.request.post(`${server.url}/api/v1/users`, { data: { ...VIEWER, role: 'viewer' }, headers: { 'x-csrf-token': csrf } });
    expect(created.status(), await created.text()).toBeLessThan(300);

    const viewerContext = await chromium.browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const viewer = await viewerContext.newPage();
      await signIn(viewer, server.url, VIEWER.username, VIEWER.password);
      await viewer.goto(`${server.url}/connectors`);
      await viewer.getByRole('table').first().waitFor();
      expect(await viewer.getByRole('link', { name: 'Connect an app' }).count()).toBe(0);
      await viewer.getByRole('link', { name: 'demo-docusign' }).click();
      await viewer.getByRole('button', { name: 'Test now' }).waitFor();
      for (const name of ['Sync now', 'Disable', 'Enable', 'Delete']) expect(await viewer.getByRole('button', { name, exact: true }).count(), name).toBe(0);

      await viewer.goto(`${server.url}/alerts/${alertId}`);
      await viewer.getByTestId('alert-explanation').waitFor();
      for (const name of ['Dismiss', 'Resolve', 'Start investigating', 'Comment']) expect(await viewer.getByRole('button', { name, exact: true }).count(), name).toBe(0);
      await viewer.goto(`${server.url}/alerts`);
      await viewer.locator('[data-testid=alert-row]').first().waitFor();
      expect(await viewer.getByRole('checkbox').count()).toBe(0);
      await viewer.goto(`${server.url}/policies`);
      await viewer.getByRole('table', { name: 'Policies' }).waitFor();
      expect(await viewer.getByRole('button', { name: 'New custom policy' }).count()).toBe(0);
      expect(await viewer.getByRole('switch').count()).toBe(0);
      await screenshot(viewer, '15-viewer-policies');

      const viewerCsrf = await csrfOf(viewer, server.url);
      const headers = { 'x-csrf-token': viewerCsrf };
      const dismiss = await viewer.request.post(`${server.url}/api/v1/alerts/${alertId}/status`, { data: { status: 'open', reason: 'viewer tries' }, headers });
      expect(dismiss.status()).toBe(403);
      const connect = await viewer.request.post(`${server.url}/api/v1/connectors`, { data: { provider: 'docusign', name: 'nope', config: {} }, headers });
      expect(connect.status()).toBe(403);
      const addUser = await viewer.request.post(`${server.url}/api/v1/users`, { data: { username: 'x', password: 'y'.repeat(16), role: 'admin' }, headers });
      expect(addUser.status()).toBe(403);
    } finally {
      await viewerContext.close();
    }
  }, 90_000);

  it('returns an expired session to sign-in and back to the page it was on', async () => {
    await page.goto(`${server.url}/connectors`);
    await page.getByRole('heading', { level: 1, name: 'Connectors' }).waitFor();
    await admin.clearCookies();
    await page.getByRole('link', { name: 'People' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fpeople/, { timeout: 15_000 });
    await page.getByText('Your session ended').waitFor();
    await page.locator('input[name=username]').fill('admin');
    await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/people`);
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  }, 60_000);

  it('signs out: the session is gone and pages send back to sign-in', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    const me = await page.request.get(`${server.url}/api/v1/auth/me`);
    expect(me.status()).toBe(401);
    await page.goto(`${server.url}/alerts`);
    await page.waitForURL(/\/sign-in\?next=%2Falerts/);
  }, 30_000);

  it('every page above ran under the Content-Security-Policy without a violation, and the API docs load under their own', async () => {
    const served = await page.request.get(`${server.url}/`);
    expect(served.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.goto(`${server.url}/api/docs`);
    await page.getByText('Parapet API').first().waitFor({ timeout: 15_000 });
    expect(cspViolations).toEqual([]);
  }, 30_000);
});
