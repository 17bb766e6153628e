import { HOUR, MINUTE } from '../../../core/clock.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { operation, signIn, type StoredRecord } from './records.js';
import { ADMIN_ROLE, type SimUser, type Tenant } from './tenant.js';

export const ZOOM_SCENARIO_IDS = ['admin-role-then-settings-weakened'] as const;

/** The settings the attacker turns off, as the operation log words each change. */
export const WEAKENED_SETTINGS = [
  'Account Settings - Recording: Require passcode to access shared cloud recordings: from On to Off',
  'Account Settings - Recording: Only authenticated users can view cloud recordings: from On to Off',
  'Account Settings - Meeting > Security: Waiting Room: from On to Off',
  'Account Settings - Meeting > Security: Require a passcode when scheduling new meetings: from On to Off',
  'Account Settings - Security: Sign in with Two-Factor Authentication: from All users to Off',
] as const;

export interface ScenarioPlan {
  records: StoredRecord[];
  facts: ScenarioFact[];
}

/**
 * The attack of issue #14, ten hours before `now`: the account of the AV lead (person 17), whose custom role
 * "Meeting Operations" may edit roles, is taken over; it adds itself to the Admin role, then switches off
 * the protection of shared cloud recordings, the waiting room, meeting passcodes and two-factor sign-in.
 */
export function planScenarios(tenant: Tenant, now: number, enabled: readonly string[]): ScenarioPlan {
  const records: StoredRecord[] = [];
  const facts: ScenarioFact[] = [];
  if (enabled.includes('admin-role-then-settings-weakened')) {
    const who = tenant.users[17] as SimUser;
    const email = who.person.email;
    const start = now - 10 * HOUR;
    const login = signIn(start, email, 'Sign in', who.person.ip, 'Browser', 30_000);
    const grant = operation(start + 3 * MINUTE, email, 'Role', 'Add Member', `Role: Admin - Add member: ${email}`, 4 * MINUTE);
    const changes = WEAKENED_SETTINGS.map((detail, i) => operation(start + (6 + i) * MINUTE + 17_000, email, 'Account', 'Update', detail, (3 + i) * MINUTE));
    records.push(login, grant, ...changes);
    who.roleId = ADMIN_ROLE;
    const s = tenant.settings;
    Object.assign(s.account.recording, { required_password_for_shared_cloud_recordings: false, recording_authentication: false });
    Object.assign(s.meeting_security, { waiting_room: false, require_password_for_scheduled_meeting: false });
    s.account.in_meeting.waiting_room = false;
    s.account.schedule_meeting.require_password_for_scheduled_meetings = false;
    s.security.sign_in_with_two_factor_auth = 'none';
    const mfa = changes[changes.length - 1] as StoredRecord;
    facts.push({
      id: 'admin-role-then-settings-weakened',
      policy: 'detection.privilege-escalation',
      user: email,
      eventIds: [grant.id, ...changes.map((c) => c.id)],
      description: `${email}, holder of the custom "Meeting Operations" role, added themselves to the Admin role and then turned off recording passcodes and sign-in, the waiting room, meeting passcodes and two-factor sign-in.`,
      alerts: [
        { policy: 'detection.privilege-escalation', subject: email, eventIds: [grant.id] },
        { policy: 'detection.mfa-disabled', subject: email, eventIds: [mfa.id] },
      ],
    });
  }
  return { records, facts };
}
