import { defineCheck } from '../../sdk/define-check.js';
import { examples, perAccount, readBool, readNumber, SETTINGS_SCOPES, unreadable } from './settings-read.js';

export default defineCheck({
  id: 'DS-RET-1',
  title: 'Completed documents are purged after a retention period, field data included',
  severity: 'medium',
  rationale: 'Agreements kept forever in DocuSign widen what a compromised account exposes; a retention period that also purges field data limits the blast radius and meets data-minimisation duties.',
  remediation: 'DocuSign eSignature Admin → Document Retention: enable it with the number of days your records policy sets, and tick "Purge field data" (documentRetentionPurgeTabs).',
  reference: 'Parapet DocuSign baseline DS-RET-1 (GDPR Art. 5(1)(e) storage limitation)',
  expected: 'documentRetention set (days) and documentRetentionPurgeTabs = "true"',
  requires: SETTINGS_SCOPES,
  examples: examples([{ settings: { documentRetention: '365' } }], [{ settings: { documentRetention: '' } }, { settings: { documentRetentionPurgeTabs: 'false' } }]),
  evaluate: (settings) =>
    perAccount(settings, {
      kind: 'settings',
      requires: SETTINGS_SCOPES,
      judge(doc) {
        if (doc.documentRetention === '' || doc.documentRetention === undefined || doc.documentRetention === null) return { status: 'fail', evidence: 'documentRetention is not set: documents are kept forever' };
        const days = readNumber(doc, 'documentRetention');
        if (!days.ok) return unreadable(days);
        const purge = readBool(doc, 'documentRetentionPurgeTabs');
        if (!purge.ok) return unreadable(purge);
        return purge.value
          ? { status: 'pass', evidence: `documents and their field data are purged after ${days.value} days` }
          : { status: 'fail', evidence: `documents are purged after ${days.value} days but documentRetentionPurgeTabs is "false" (field data stays)` };
      },
    }),
});
