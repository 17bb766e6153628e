import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPolicyDoc } from '../docs.js';
import { SENSITIVITIES } from '../rule.js';
import { BUILTIN_RULES } from './index.js';

// Derived from the registry: a new built-in policy is enrolled in these checks at once.
describe('built-in policy registry', () => {
  it('every built-in policy is on by default: a fresh install detects everything it can', () => {
    expect(BUILTIN_RULES.filter((r) => !r.defaults.enabled).map((r) => r.id)).toEqual([]);
  });

  it('has the policies of the issues, with unique dotted ids', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      [
        'detection.anonymous-ip',
        'detection.failed-logons',
        'detection.impossible-travel',
        'detection.infrequent-country',
        'detection.mail-forwarding',
        'detection.mass-download',
        'detection.mfa-disabled',
        'detection.oauth-high-privilege',
        'detection.privilege-escalation',
        'detection.suspicious-ip',
        'detection.terminated-user',
        'detection.unusual-admin-activity',
        'detection.app-credential-added',
        'detection.conditional-access-weakened',
        'detection.consent-phishing-campaign',
        'detection.federation-changed',
        'detection.mailbox-delegation',
        'detection.mass-file-deletion',
        'detection.mass-external-sharing',
        'detection.mfa-method-added-for-other',
        'detection.privileged-role-assigned',
        'detection.repository-made-public',
        'detection.session-hijack',
        'detection.suspicious-inbox-rule',
      ].sort(),
    );
  });

  for (const rule of BUILTIN_RULES) {
    describe(rule.id, () => {
      it('documents every parameter and sets it for every sensitivity', () => {
        const names = Object.keys(rule.params.medium as object);
        for (const s of SENSITIVITIES) expect(Object.keys(rule.params[s] as object).sort(), s).toEqual([...names].sort());
        expect(Object.keys(rule.paramDocs ?? {}).sort()).toEqual([...names].sort());
        for (const s of SENSITIVITIES) expect(() => rule.paramsSchema?.parse(rule.params[s]), s).not.toThrow();
        expect(rule.runbook.length).toBeGreaterThan(40);
        expect(rule.description.length).toBeGreaterThan(40);
      });
      it('is mapped to MITRE ATT&CK techniques (shown in its docs)', () => {
        expect(rule.attack?.length, 'add `attack: [{ id, name }]`').toBeGreaterThan(0);
        for (const t of rule.attack ?? []) expect(t.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      });
      it(`has a current reference page in docs/policies/${rule.id}.md`, () => {
        const path = new URL(`../../../docs/policies/${rule.id}.md`, import.meta.url);
        expect(existsSync(path), 'run `parapet policy docs --write docs/policies`').toBe(true);
        expect(readFileSync(path, 'utf8'), 'the page is out of date: run `parapet policy docs --write docs/policies`').toBe(renderPolicyDoc(rule));
      });
    });
  }
});
