import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../connectors/registry.js';
import { renderPostureDocs } from './posture-docs.js';

describe('docs/posture.md', () => {
  it('lists every registered check with rationale, baseline and remediation, as generated', () => {
    const page = readFileSync(new URL('../../docs/posture.md', import.meta.url), 'utf8');
    for (const check of registry.list().flatMap((c) => c.postureChecks ?? [])) expect(page).toContain(`### ${check.id}\n`);
    expect(page, 'docs/posture.md is out of date: regenerate it with `npm run docs:posture`').toBe(renderPostureDocs(registry.list()));
  });
});
