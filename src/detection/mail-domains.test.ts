import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { manualClock } from '../core/clock.js';
import { listAlerts } from '../store/repos/alerts.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { upsertSettings } from '../store/repos/settings.js';
import { buildActivity } from './activity-builder.js';
import { createDetectionEngine } from './create-engine.js';
import { Enricher, IntelIndex } from './enrichment/enricher.js';

// "Internal" is the tenant's verified domains as the Microsoft 365 connector's settings snapshot holds
// them (Graph /domains), read through the store's directory facts: never a domain seen on someone acting.
const T0 = Date.UTC(2026, 2, 2, 9);

describeDialects('mail forwarding reads the verified domains from the settings snapshot', (dialect) => {
  const temp = useTempStore(dialect);

  it('alerts on forwarding to an unverified or foreign domain or a mail contact outside, not to a second verified one, whoever acted before', async () => {
    const m365 = await createInstance(temp.store.db, temp.store.secrets, { name: 'm365', provider: 'microsoft365', config: {}, now: T0 });
    await upsertSettings(
      temp.store.db,
      m365.id,
      [
        { key: 'domains', value: { value: [{ id: 'Contoso.com', isVerified: true }, { id: 'contoso.co.uk', isVerified: true }, { id: 'contoso-pending.com', isVerified: false }] } },
        { key: 'mailContacts', value: { value: [{ id: 'c-1', displayName: 'Archive Backup', mailNickname: 'archivebackup', mail: 'Drop2@Proton.me' }] } },
      ],
      T0,
    );
    const engine = await createDetectionEngine({ db: temp.store.db, clock: manualClock(T0 + 3_600_000), enricher: new Enricher({ geo: null, asn: null, networks: null, intel: IntelIndex.build([], []) }) });
    const forward = (id: string, to: string, time: number) =>
      buildActivity({ id, sourceId: id, connectorInstanceId: m365.id, provider: 'microsoft365', app: 'Exchange', action: 'mail.forwarding_set', eventType: 'Set-Mailbox', actor: { email: `${id}@contoso.com` }, targets: [{ type: 'mailbox', id, name: id, changes: [{ field: 'ForwardingSmtpAddress', new: `smtp:${to}` }] }], time });
    await engine.processPage(m365.id, [
      buildActivity({ id: 'guest', sourceId: 'guest', connectorInstanceId: m365.id, provider: 'microsoft365', actor: { email: 'someone@evil-mail.net' }, time: T0 }),
      forward('uk', 'ann@contoso.co.uk', T0 + 1000),
      forward('pending', 'x@contoso-pending.com', T0 + 2000),
      forward('evil', 'drop@evil-mail.net', T0 + 3000),
      buildActivity({ id: 'named', sourceId: 'named', connectorInstanceId: m365.id, provider: 'microsoft365', app: 'Exchange', action: 'mail.forwarding_set', eventType: 'Set-Mailbox', actor: { email: 'named@contoso.com' }, targets: [{ type: 'mailbox', id: 'named', name: 'named', changes: [{ field: 'ForwardingAddress', new: 'Archive Backup' }] }], time: T0 + 4000 }),
    ]);
    const alerts = await listAlerts(temp.store.db, { policyId: 'detection.mail-forwarding' });
    expect(alerts.map((a) => a.subject.key).sort()).toEqual(['evil@contoso.com', 'named@contoso.com', 'pending@contoso.com']);
    expect(alerts.find((a) => a.subject.key === 'named@contoso.com')?.explanation).toContain('drop2@proton.me (mail contact Archive Backup)');
  });
});
