import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../core/governance-action.js';
import { connectors } from '../connectors/registry.js';

const doc = readFileSync(new URL('../../docs/governance.md', import.meta.url), 'utf8');

describe('docs/governance.md', () => {
  it('lists every action of every registered connector, and only vocabulary ids', () => {
    for (const connector of connectors) {
      for (const id of Object.keys(connector.actions)) {
        expect(ACTION_IDS as readonly string[], `${connector.id} declares "${id}", which is not in the vocabulary`).toContain(id);
        const row = new RegExp(`^\\| ${connector.displayName} \\| [^|]*\`${id}\``, 'm');
        expect(doc, `docs/governance.md has no row for ${connector.displayName} ${id}`).toMatch(row);
      }
    }
  });
});
