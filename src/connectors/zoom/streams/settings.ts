import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import type { ZoomSession } from '../session.js';

/** The settings documents posture reads: `option=security`, `option=meeting_security` and the full settings. */
export const SETTINGS_OPTIONS = ['security', 'meeting_security'] as const;

/**
 * The account's settings (`GET /accounts/me/settings`): the sign-in security and meeting security documents,
 * and the full settings object (schedule_meeting, in_meeting, recording), each one settings record.
 */
export const settingsStream: SnapshotStream<ZoomSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const records: SettingsRecord[] = [];
    for (const option of SETTINGS_OPTIONS) {
      const body = await session.client.get(`zoom.settings.${option}`, '/accounts/me/settings', { option }, runtime.signal);
      const value = body[option];
      records.push({ key: option, value: value && typeof value === 'object' ? (value as Record<string, unknown>) : body });
    }
    const all = await session.client.get('zoom.settings', '/accounts/me/settings', {}, runtime.signal);
    records.push({ key: 'account', value: all });
    yield records;
  },
};
