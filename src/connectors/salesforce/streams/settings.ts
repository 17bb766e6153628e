import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { SalesforceSession } from '../session.js';

/** Health Check through the Tooling API: the score and every setting's risk against the baseline (digest §6). */
export const settingsStream: SnapshotStream<SalesforceSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client } = session;
    const [score] = await client.rows('SELECT Score, CustomBaselineId, DurableId FROM SecurityHealthCheck', runtime.signal, true);
    const risks = await client.rows('SELECT Setting, SettingGroup, OrgValue, OrgValueRaw, StandardValue, StandardValueRaw, RiskType FROM SecurityHealthCheckRisks', runtime.signal, true);
    const bySetting: Record<string, unknown> = {};
    for (const r of risks) {
      const setting = str(r.Setting);
      if (setting) bySetting[setting] = { group: str(r.SettingGroup), orgValue: str(r.OrgValue), orgValueRaw: str(r.OrgValueRaw), standardValue: str(r.StandardValue), standardValueRaw: str(r.StandardValueRaw), riskType: str(r.RiskType) };
    }
    const records: SettingsRecord[] = [{ key: 'healthCheck', value: { score: str(score?.Score), customBaselineId: str(score?.CustomBaselineId), risks: bySetting } }];
    yield records;
  },
};
