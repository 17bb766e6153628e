import { DAY } from '../../../core/clock.js';
import { ProviderError } from '../../../core/errors.js';
import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { SlackSession } from '../session.js';

/** The org preferences posture reads, as their `pref.*` audit actions name them. */
export const POSTURE_PREFS = ['pref.sso_setting_changed', 'pref.session_duration_changed', 'pref.two_factor_auth_changed'] as const;
/** How far back the latest change of each preference is looked for. */
export const PREF_LOOKBACK_MS = 180 * DAY;

/**
 * Slack's API has no read of the org's security preferences: the latest `pref.*` audit entry of each is the
 * best evidence of its current value (null when it did not change in the look-back). App approval is on
 * when `admin.apps.requests.list` answers (Slack refuses it when the org does not use app approval).
 */
export const settingsStream: SnapshotStream<SlackSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client, config } = session;
    const latest = Math.floor(runtime.clock.now() / 1000);
    const prefs: Record<string, unknown> = {};
    for (const action of POSTURE_PREFS) prefs[action.slice('pref.'.length)] = null;
    let cursor: string | undefined;
    const found = new Set<string>();
    do {
      const page = await client.auditLogs({ oldest: latest - PREF_LOOKBACK_MS / 1000, latest, limit: 200, cursor, action: POSTURE_PREFS.join(',') }, runtime.signal);
      for (const entry of page.entries) {
        const action = str(entry.action);
        // Newest first: the first entry of each action is its current value.
        if (!action || found.has(action)) continue;
        found.add(action);
        const details = asRecord(entry.details);
        const actor = asRecord(asRecord(entry.actor)?.user);
        prefs[action.slice('pref.'.length)] = { value: details?.new_value ?? null, previous: details?.previous_value ?? null, changedAt: Number(entry.date_create) * 1000, changedBy: str(actor?.email) };
      }
      cursor = page.nextCursor || undefined;
    } while (cursor && found.size < POSTURE_PREFS.length);

    let appApproval: Record<string, unknown>;
    try {
      await client.web('admin.apps.requests.list', { enterprise_id: config.enterpriseId, limit: 1 }, runtime.signal);
      appApproval = { enabled: true };
    } catch (error) {
      if (!(error instanceof ProviderError) || !error.providerCode) throw error;
      appApproval = { enabled: false, error: error.providerCode };
    }
    const records: SettingsRecord[] = [
      { key: 'prefs', value: prefs },
      { key: 'app_approval', value: appApproval },
    ];
    yield records;
  },
};
