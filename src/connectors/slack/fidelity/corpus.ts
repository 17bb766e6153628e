import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Slack records as Slack's documentation publishes them, with the fields each must yield (issue #11).
 */

const AUDIT_GUIDE = 'https://api.slack.com/admins/audit-logs';
const AUDIT_REFERENCE = 'https://docs.slack.dev/reference/audit-logs-api/methods-actions-reference';
const PANTHER_SCHEMA = 'https://docs.panther.com/data-onboarding/supported-logs/slack';

const birdland = { type: 'enterprise', id: 'E1701NCCA', name: 'Birdland', domain: 'birdland' };
const charlie = { id: 'W123AB456', name: 'Charlie Parker', email: 'bird@slack.com' };

export const corpus: FidelityCase[] = [
  {
    // Slack's own sample entry (its documented IP "1.23.45.678" is not an address, so IP is not checked here).
    source: AUDIT_GUIDE,
    shape: 'Audit Logs API entry (user_login)', values: 'published',
    record: {
      id: '0123a45b-6c7d-8900-e12f-3456789gh0i1',
      date_create: 1521214343,
      action: 'user_login',
      actor: { type: 'user', user: charlie },
      entity: { type: 'user', user: charlie },
      context: {
        location: birdland,
        ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/64.0.3282.186 Safari/537.36',
        ip_address: '1.23.45.678',
      },
    },
    expect: { user: 'bird@slack.com', time: 1521214343000, action: 'user.login', outcome: 'success', targets: ['W123AB456'] },
  },
  {
    source: AUDIT_REFERENCE,
    shape: 'Audit Logs API entry (app_installed, app entity with scopes)', values: 'synthetic', note: "Slack's published sample actor (Charlie Parker, Birdland) with a made-up app entity in the documented app shape; RFC 5737 IP.",
    record: {
      id: '2b6c1d04-3e9f-4a51-8c7d-0e1f2a3b4c5d',
      date_create: 1612483201,
      action: 'app_installed',
      actor: { type: 'user', user: charlie },
      entity: { type: 'app', app: { id: 'A012B3CD4EF', name: 'Acme Export', is_distributed: true, is_directory_approved: false, scopes: ['channels:history', 'files:read'] } },
      context: { location: { type: 'workspace', id: 'T1701BIRD', name: 'Birdland HQ', domain: 'birdland-hq' }, ua: 'Mozilla/5.0', ip_address: '192.0.2.44' },
      details: { is_internal_integration: false, app_owner_id: 'W123AB456' },
    },
    expect: { user: 'bird@slack.com', ip: '192.0.2.44', time: 1612483201000, action: 'app.installed', outcome: 'success', targets: ['A012B3CD4EF'] },
  },
  {
    source: PANTHER_SCHEMA,
    shape: 'Audit Logs API entry (role_change_to_admin)', values: 'synthetic', note: "Slack's published sample actor with a made-up target user; RFC 3849 IP.",
    record: {
      id: '7c1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
      date_create: 1650000000,
      action: 'role_change_to_admin',
      actor: { type: 'user', user: charlie },
      entity: { type: 'user', user: { id: 'W987ZY654', name: 'Dizzy Gillespie', email: 'dizzy@slack.com' } },
      context: { location: birdland, ua: 'Mozilla/5.0', ip_address: '2001:db8::15' },
    },
    expect: { user: 'bird@slack.com', ip: '2001:db8::15', time: 1650000000000, action: 'admin.role_assigned', outcome: 'success', targets: ['W987ZY654', 'admin'] },
  },
  {
    source: PANTHER_SCHEMA,
    shape: 'Audit Logs API entry (file_downloaded)', values: 'synthetic', note: "Slack's published sample actor with a made-up file entity; RFC 5737 IP.",
    record: {
      id: '9a8b7c6d-5e4f-4a3b-9c1d-0e9f8a7b6c5d',
      date_create: 1650003600,
      action: 'file_downloaded',
      actor: { type: 'user', user: charlie },
      entity: { type: 'file', file: { id: 'F123ABC456', name: 'setlist.pdf', filetype: 'pdf', title: 'Setlist' } },
      context: { location: { type: 'workspace', id: 'T1701BIRD', name: 'Birdland HQ', domain: 'birdland-hq' }, ua: 'Mozilla/5.0', ip_address: '198.51.100.23' },
    },
    expect: { user: 'bird@slack.com', ip: '198.51.100.23', time: 1650003600000, action: 'file.downloaded', outcome: 'success', targets: ['F123ABC456'] },
  },
];
