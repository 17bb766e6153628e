/**
 * Governance in a real browser against a real `parapet serve --demo`: from a person's page, a dry run shows
 * the exact calls a suspension would make and records nothing; the real request waits for approval, the
 * requester may not approve it, a second admin does on the Governance page, the log shows each step, and
 * undo lets the person sign in again. Notify goes to the demo's outbox. Screenshots land in
 * test-artifacts/; axe-core checks each state.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceLogEntry, GovernanceRequest } from '../../src/core/governance-action.js';
import { ADMIN_PASSWORD, browserAvailable, csrfOf, expectAccessible, launchChromium, screenshot, signIn, startParapet, type RunningParapet } from './harness.js';

const APPROVER = { username: 'ada-approver', password: 'approver-password-for-tests-7' };

interface Person {
  id: string;
  primaryEmail: string | null;
  accounts: { connectorInstanceId: string; status: string; isAdmin: boolean | null }[];
}

/** A person the demo synced with a Microsoft 365 account, no administrator anywhere and no alert: safe to suspend. */
async function plainPerson(page: Page, url: string): Promise<{ id: string; email: string }> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const connectors = ((await (await page.request.get(`${url}/api/v1/connectors`)).json()) as { items: { id: string; provider: string }[] }).items;
    const m365 = new Set(connectors.filter((c) => c.provider === 'microsoft365').map((c) => c.id));
    const people = ((await (await page.request.get(`${url}/api/v1/identities?limit=200`)).json()) as { items: Person[] }).items;
    const candidates = people.filter(
      (p) => p.primaryEmail && p.accounts.length >= 2 && p.accounts.some((a) => m365.has(a.connectorInstanceId)) && p.accounts.every((a) => a.isAdmin === false && a.status === 'active'),
    );
    for (const candidate of candidates) {
      const detail = (await (await page.request.get(`${url}/api/v1/identities/${candidate.id}`)).json()) as { alerts: unknown[] };
      if (detail.alerts.length === 0) return { id: candidate.id, email: candidate.primaryEmail! };
    }
    if (Date.now() > deadline) throw new Error('the demo synced no plain person with a Microsoft 365 account within 120 s');
    await page.waitForTimeout(3_000);
  }
}

async function actions(page: Page, url: string): Promise<GovernanceRequest[]> {
  return ((await (await page.request.get(`${url}/api/v1/actions`)).json()) as { items: GovernanceRequest[] }).items;
}

async function logOf(page: Page, url: string, actionId: string): Promise<GovernanceLogEntry[]> {
  const all = ((await (await page.request.get(`${url}/api/v1/governance/log`)).json()) as { items: GovernanceLogEntry[] }).items;
  return all.filter((e) => e.actionId === actionId);
}

describe.skipIf(!browserAvailable())('governance in the portal (Chromium)', () => {
  let server: RunningParapet;
  let chromium: { browser: Browser; close(): Promise<void> };
  let adminContext: BrowserContext;
  let approverContext: BrowserContext;
  let page: Page;
  let approver: Page;
  let person: { id: string; email: string };

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startParapet(), launchChromium()]);
    adminContext = await chromium.browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    page = await adminContext.newPage();
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    const created = await page.request.post(`${server.url}/api/v1/users`, { data: { ...APPROVER, role: 'admin' }, headers: { 'x-csrf-token': await csrfOf(page, server.url) } });
    expect(created.status(), await created.text()).toBeLessThan(300);
    approverContext = await chromium.browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    approver = await approverContext.newPage();
    await signIn(approver, server.url, APPROVER.username, APPROVER.password);
    person = await plainPerson(page, server.url);
  }, 240_000);

  afterAll(async () => {
    await adminContext?.close();
    await approverContext?.close();
    await chromium?.close();
    await server?.stop();
  }, 30_000);

  it('a dry run from the person page lists the calls a suspension would make and records nothing', async () => {
    await page.goto(`${server.url}/people/${person.id}`);
    await page.getByRole('heading', { level: 2, name: 'Accounts per app' }).waitFor({ timeout: 30_000 });
    await page.getByRole('switch', { name: 'Dry run' }).check();
    await page.getByRole('button', { name: 'Plan an action' }).click();
    await page.getByRole('menuitem', { name: 'Suspend', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Dry run: suspend-user ${person.email}` });
    await dialog.waitFor({ timeout: 30_000 });
    const plan = dialog.getByTestId('dry-run-plan');
    await expect.poll(() => plan.innerText()).toMatch(/Nothing was changed or recorded/);
    // The change it would send: a method and the provider's URL (Entra: PATCH users/{id}; Okta and Google: their suspend calls).
    expect(await plan.locator('code').first().innerText()).toMatch(/^(PATCH|POST|PUT) https?:\/\/127\.0\.0\.1:\d+\//);
    await expectAccessible(page, 'governance dry run');
    await screenshot(page, '20-governance-dry-run');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await actions(page, server.url)).filter((a) => a.kind === 'suspend-user' && a.targetLabel === person.email)).toEqual([]);
  }, 90_000);

  it('requests the suspension; the requester may not approve it; a second admin approves on the Governance page; the log shows every step; undo reverses it', async () => {
    await page.getByRole('switch', { name: 'Dry run' }).uncheck();
    await page.getByRole('button', { name: 'Take action' }).click();
    await page.getByRole('menuitem', { name: 'Suspend', exact: true }).click();
    await page.getByText('suspend-user: pending').waitFor({ timeout: 30_000 });
    const [request] = (await actions(page, server.url)).filter((a) => a.kind === 'suspend-user' && a.targetLabel === person.email);
    expect(request).toMatchObject({ status: 'pending', requestedBy: 'admin', requestedVia: 'api', approverRoles: ['admin'] });

    // The requester's own Approve is refused (no self-approval) and says why.
    await page.goto(`${server.url}/governance`);
    const table = (p: Page) => p.getByRole('table', { name: 'Governance actions' });
    // The action cell exactly: the undo's row says unsuspend-user.
    const row = (p: Page) => table(p).locator('tbody tr').filter({ hasText: person.email }).filter({ has: p.getByRole('cell', { name: 'suspend-user', exact: true }) });
    await row(page).getByRole('button', { name: 'Approve' }).click();
    await page.getByText(/may not approve it too/).waitFor({ timeout: 15_000 });
    expect((await actions(page, server.url)).find((a) => a.id === request!.id)?.status).toBe('pending');

    await approver.goto(`${server.url}/governance`);
    await row(approver).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => row(approver).innerText(), { timeout: 60_000 }).toMatch(/succeeded/i);
    expect(await row(approver).innerText()).toContain(APPROVER.username);
    const log = approver.getByRole('table', { name: 'Governance log' });
    await expect.poll(async () => log.innerText(), { timeout: 15_000 }).toMatch(new RegExp(`approved\\s+${APPROVER.username}`, 'i'));
    const steps = (await logOf(page, server.url, request!.id)).map((e) => [e.event, e.actor]);
    expect(steps.slice(0, 5)).toEqual([
      ['requested', 'admin'],
      ['approval-refused', 'admin'],
      ['approved', APPROVER.username],
      ['attempt', 'parapet'],
      ['succeeded', 'parapet'],
    ]);
    // Read back where the provider's action can (Entra, Google); Okta's answer is the effect itself.
    expect(steps.slice(5)).toEqual(steps.length > 5 ? [['verified', 'parapet']] : []);
    await expectAccessible(approver, 'governance page');
    await screenshot(approver, '21-governance-approved');

    await row(approver).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => row(approver).innerText(), { timeout: 60_000 }).toMatch(/undone/i);
    await expect.poll(async () => log.innerText(), { timeout: 15_000 }).toMatch(/undone/);
    const events = (await logOf(page, server.url, request!.id)).map((e) => e.event);
    expect(events.slice(-2)).toEqual(['undo-requested', 'undone']);
    const undo = (await actions(page, server.url)).find((a) => a.undoOf === request!.id);
    expect(undo).toMatchObject({ kind: 'unsuspend-user', status: 'succeeded', connectorInstanceId: request!.connectorInstanceId });
    await screenshot(approver, '22-governance-undone');
  }, 180_000);

  it('notifies the person: without a mail server the demo delivers to its outbox, and the log says so', async () => {
    await page.goto(`${server.url}/people/${person.id}`);
    await page.getByRole('button', { name: 'Take action' }).click();
    await page.getByRole('menuitem', { name: 'Notify the user' }).click();
    await page.getByText('notify-user: succeeded').waitFor({ timeout: 30_000 });
    const notified = (await actions(page, server.url)).find((a) => a.kind === 'notify-user' && a.targetLabel === person.email);
    expect(notified?.result).toMatch(new RegExp(`^Delivered to the outbox for ${person.email.replace(/\./g, '\\.')} .*\\.eml`));
    await page.goto(`${server.url}/governance`);
    await expect.poll(async () => page.getByRole('table', { name: 'Governance log' }).innerText(), { timeout: 15_000 }).toMatch(/Delivered to the outbox/);
    await screenshot(page, '23-governance-notified-outbox');
  }, 90_000);

  it('the alert page has the same buttons: notifying from an alert ties the request to that alert, with its explanation as the reason', async () => {
    const alerts = ((await (await page.request.get(`${server.url}/api/v1/alerts?limit=200`)).json()) as { items: { id: string; subject: { type: string; email: string | null }; explanation: string }[] }).items;
    const alert = alerts.find((a) => a.subject.type === 'user' && a.subject.email);
    if (!alert) throw new Error('the demo raised no alert on a user');
    await page.goto(`${server.url}/alerts/${alert.id}`);
    await page.getByTestId('alert-explanation').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Take action' }).click();
    await page.getByRole('menuitem', { name: 'Notify the user' }).click();
    await page.getByText('notify-user: succeeded').waitFor({ timeout: 30_000 });
    const fromAlert = (await actions(page, server.url)).filter((a) => a.kind === 'notify-user' && a.alertId === alert.id && a.requestedVia === 'api');
    expect(fromAlert.map((a) => [a.status, a.reason])).toEqual([['succeeded', alert.explanation.slice(0, 2000)]]);
  }, 90_000);

  it('an admin protects the person on the Governance page: a suspension is then blocked and says why; removed, the list is empty again', async () => {
    await page.goto(`${server.url}/governance`);
    const form = page.getByRole('form', { name: 'Protect an account' });
    await form.getByLabel('E-mail, provider id or *@domain').fill(person.email);
    await form.getByLabel('Reason').fill('break-glass account');
    await form.getByRole('button', { name: 'Protect' }).click();
    const list = page.getByRole('table', { name: 'Protected list' });
    await expect.poll(async () => list.innerText(), { timeout: 15_000 }).toContain(person.email.toLowerCase());
    expect(await list.innerText()).toContain('api:admin');
    await expectAccessible(page, 'governance protected list');
    await screenshot(page, '24-governance-protected');

    await page.goto(`${server.url}/people/${person.id}`);
    await page.getByRole('button', { name: 'Take action' }).click();
    await page.getByRole('menuitem', { name: 'Suspend', exact: true }).click();
    await page.getByText('suspend-user: blocked').waitFor({ timeout: 30_000 });
    const blocked = (await actions(page, server.url)).filter((a) => a.kind === 'suspend-user' && a.targetLabel === person.email && a.status === 'blocked');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]?.result).toMatch(/break-glass account/);

    await page.goto(`${server.url}/governance`);
    await page.getByRole('button', { name: `Remove ${person.email.toLowerCase()}` }).click();
    await page.getByText('Nothing is protected yet').waitFor({ timeout: 15_000 });
    const left = (await (await page.request.get(`${server.url}/api/v1/governance/protected`)).json()) as { items: unknown[] };
    expect(left.items).toEqual([]);
  }, 90_000);
});
