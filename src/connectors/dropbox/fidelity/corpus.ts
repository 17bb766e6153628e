import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Dropbox team_log TeamEvents as Dropbox's spec defines them and as others captured them, with the fields
 * each must yield. Dropbox's reference prints no full TeamEvent sample, so the captured records of Cortex
 * XSOAR's Dropbox event collector come first and the spec-shaped synthetic ones fill the other event kinds.
 */

const XSOAR_EVENTS = 'https://github.com/demisto/content/blob/master/Packs/Dropbox/Integrations/DropboxEventCollector/test_data/events.json';
const TEAM_LOG_SPEC = 'https://github.com/dropbox/dropbox-api-spec/blob/master/team_log.stone';
const GET_EVENTS_DOC = 'https://www.dropbox.com/developers/documentation/http/teams#team_log-get_events';

const xsoarAdmin = { '.tag': 'team_member', account_id: '456789', display_name: 'John Smith', email: 'example@example.com', team_member_id: '123456' };
const xsoarOrigin = { geo_location: { city: 'Tel Aviv', region: 'Tel Aviv', country: 'IL', ip_address: '1.1.1.1' }, access_method: { '.tag': 'end_user', end_user: { '.tag': 'web', session_id: '111111' } } };

/** An event of the XSOAR test page: its three events share the admin actor, origin and empty lists. */
const xsoar = (event: Record<string, unknown>) => ({ actor: { '.tag': 'admin', admin: xsoarAdmin }, origin: xsoarOrigin, involve_non_team_member: false, participants: [], assets: [], ...event });

const jane = { '.tag': 'team_member', account_id: 'dbid:AAH4f99T0ta', display_name: 'Jane Roe', email: 'jane@acme.com', team_member_id: 'dbmid:AAFoi-tmvR' };
const janeOrigin = { geo_location: { city: 'Lyon', region: 'ARA', country: 'FR', ip_address: '203.0.113.7' }, access_method: { '.tag': 'end_user', end_user: { '.tag': 'web', session_id: 'dbwsid:1234' } } };

/** A spec-shaped event by Jane from Lyon's web session; `event` adds or replaces fields. */
const byJane = (event: Record<string, unknown>) => ({ actor: { '.tag': 'user', user: jane }, origin: janeOrigin, involve_non_team_member: false, context: jane, participants: [], assets: [], ...event });

export const corpus: FidelityCase[] = [
  {
    source: XSOAR_EVENTS,
    shape: 'TeamEvent member_change_status (admin actor, not_joined → active)',
    values: 'captured',
    note: 'Test data of the Cortex XSOAR Dropbox event collector (a recorded get_events page, ids and addresses anonymised by its authors), first event, unchanged.',
    record: xsoar({
      timestamp: '2022-05-16T11:34:29Z',
      event_category: { '.tag': 'members' },
      context: xsoarAdmin,
      event_type: { '.tag': 'member_change_status', description: 'Changed member status (invited, joined, suspended, etc.)' },
      details: {
        '.tag': 'member_change_status_details',
        previous_value: { '.tag': 'not_joined' },
        new_value: { '.tag': 'active' },
        action: { '.tag': 'team_join_details', linked_apps: [], linked_devices: [], linked_shared_folders: [], has_linked_apps: false, has_linked_devices: true, has_linked_shared_folders: false },
      },
    }),
    expect: { user: 'example@example.com', ip: '1.1.1.1', time: Date.UTC(2022, 4, 16, 11, 34, 29), action: 'user.created', outcome: 'success', targets: ['example@example.com'] },
  },
  {
    source: XSOAR_EVENTS,
    shape: 'TeamEvent team_policies change (context team, new/previous value)',
    values: 'captured',
    note: 'Second event of the same XSOAR test page, unchanged.',
    record: xsoar({
      timestamp: '2022-05-16T11:34:33Z',
      event_category: { '.tag': 'team_policies' },
      context: { '.tag': 'team' },
      event_type: { '.tag': 'member_send_invite_policy_changed', description: 'Changed member send invite policy for team' },
      details: { '.tag': 'member_send_invite_policy_changed_details', new_value: { '.tag': 'everyone' }, previous_value: { '.tag': 'specific_members' } },
    }),
    expect: { user: 'example@example.com', ip: '1.1.1.1', time: Date.UTC(2022, 4, 16, 11, 34, 33), action: 'admin.setting_changed', outcome: 'success', targets: ['member_send_invite_policy_changed'] },
  },
  {
    source: XSOAR_EVENTS,
    shape: 'TeamEvent member_change_admin_role (member_only → team_admin)',
    values: 'captured',
    note: 'Third event of the same XSOAR test page, unchanged (the admin changes their own role: they are the target member too).',
    record: xsoar({
      timestamp: '2022-05-16T11:34:29Z',
      event_category: { '.tag': 'members' },
      context: xsoarAdmin,
      event_type: { '.tag': 'member_change_admin_role', description: 'Changed team member admin role' },
      details: { '.tag': 'member_change_admin_role_details', new_value: { '.tag': 'team_admin' }, previous_value: { '.tag': 'member_only' } },
    }),
    expect: { user: 'example@example.com', ip: '1.1.1.1', time: Date.UTC(2022, 4, 16, 11, 34, 29), action: 'admin.role_assigned', outcome: 'success', targets: ['example@example.com', 'Team admin'] },
  },
  {
    source: GET_EVENTS_DOC,
    shape: 'TeamEvent login_success (web session)',
    values: 'synthetic',
    note: 'The TeamEvent shape of the get_events reference (LoginSuccessDetails, UserLogInfo, OriginLogInfo); values made up (RFC 5737 address).',
    record: byJane({
      timestamp: '2025-03-04T09:15:22Z',
      event_category: { '.tag': 'logins' },
      event_type: { '.tag': 'login_success', description: 'Signed in' },
      details: { '.tag': 'login_success_details', is_emm_managed: false, login_method: { '.tag': 'password' } },
    }),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22), action: 'user.login', outcome: 'success', targets: [] },
  },
  {
    source: TEAM_LOG_SPEC,
    shape: 'TeamEvent login_fail (error_details)',
    values: 'synthetic',
    note: 'LoginFailDetails as team_log.stone defines it (login_method, error_details FailureDetailsLogInfo); values made up.',
    record: byJane({
      timestamp: '2025-03-04T09:14:51Z',
      event_category: { '.tag': 'logins' },
      event_type: { '.tag': 'login_fail', description: 'Failed to sign in' },
      details: { '.tag': 'login_fail_details', is_emm_managed: false, login_method: { '.tag': 'password' }, error_details: { user_friendly_message: 'Incorrect password', technical_error_message: 'wrong_password' } },
    }),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 14, 51), action: 'user.login_failed', outcome: 'failure', targets: [] },
  },
  {
    source: TEAM_LOG_SPEC,
    shape: 'TeamEvent shared_content_add_member (non-team participant, folder asset)',
    values: 'synthetic',
    note: 'SharedContentAddMemberDetails, ParticipantLogInfo user (non_team_member) and FolderLogInfo as team_log.stone defines them; values made up.',
    record: byJane({
      timestamp: '2025-03-05T18:02:10Z',
      event_category: { '.tag': 'sharing' },
      involve_non_team_member: true,
      participants: [{ '.tag': 'user', user: { '.tag': 'non_team_member', account_id: 'dbid:AAB1x', display_name: 'Sam Outside', email: 'sam@example.org' } }],
      assets: [{ '.tag': 'folder', path: { contextual: '/Clients/Acme', namespace_relative: { ns_id: '1234', relative_path: '/', is_shared_namespace: true } }, display_name: 'Acme' }],
      event_type: { '.tag': 'shared_content_add_member', description: 'Added users and/or groups to shared file/folder' },
      details: { '.tag': 'shared_content_add_member_details', shared_content_access_level: { '.tag': 'editor' } },
    }),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 5, 18, 2, 10), action: 'file.shared', outcome: 'success', targets: ['sam@example.org', 'Acme'] },
  },
  {
    source: TEAM_LOG_SPEC,
    shape: 'TeamEvent file_download (desktop client, file asset)',
    values: 'synthetic',
    note: 'FileDownloadDetails and FileLogInfo as team_log.stone defines them; values made up.',
    record: byJane({
      timestamp: '2025-03-05T21:40:00Z',
      event_category: { '.tag': 'file_operations' },
      origin: { geo_location: { city: 'Lyon', region: 'ARA', country: 'FR', ip_address: '203.0.113.7' }, access_method: { '.tag': 'end_user', end_user: { '.tag': 'desktop', session_id: 'dbdsid:5678' } } },
      assets: [{ '.tag': 'file', path: { contextual: '/Clients/Acme/contract.pdf', namespace_relative: { ns_id: '1234', relative_path: '/contract.pdf', is_shared_namespace: true } }, display_name: 'contract.pdf', file_id: 'id:a4ayc_80_OEAAAAAAAAAXw' }],
      event_type: { '.tag': 'file_download', description: 'Downloaded files and/or folders' },
      details: { '.tag': 'file_download_details' },
    }),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 5, 21, 40, 0), action: 'file.downloaded', outcome: 'success', targets: ['id:a4ayc_80_OEAAAAAAAAAXw'] },
  },
  {
    source: TEAM_LOG_SPEC,
    shape: 'TeamEvent tfa_change_policy (requirement turned off, no origin)',
    values: 'synthetic',
    note: 'TfaChangePolicyDetails (TwoStepVerificationPolicy require_tfa_enable → require_tfa_disable) as team_log.stone defines it; values made up.',
    record: {
      timestamp: '2025-03-06T08:00:00Z',
      event_category: { '.tag': 'tfa' },
      actor: { '.tag': 'admin', admin: jane },
      involve_non_team_member: false,
      context: { '.tag': 'team' },
      participants: [],
      assets: [],
      event_type: { '.tag': 'tfa_change_policy', description: 'Changed two-step verification setting for team' },
      details: { '.tag': 'tfa_change_policy_details', new_value: { '.tag': 'require_tfa_disable' }, previous_value: { '.tag': 'require_tfa_enable' } },
    },
    expect: { user: 'jane@acme.com', ip: null, action: 'security.mfa_requirement_disabled', outcome: 'success', targets: ['tfa_change_policy'] },
  },
];
