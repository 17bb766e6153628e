import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Box enterprise events as published: Elastic's Box Events integration test data (real events, scrubbed) and
 * the event shape of Box's developer guide, each with the fields the normaliser must yield.
 */

const ELASTIC = 'https://github.com/elastic/integrations/tree/main/packages/box_events/data_stream/events/_dev/test/pipeline';
const BOX_GUIDE = 'https://developer.box.com/guides/events/for-enterprise/';
const BOX_REFERENCE = 'https://developer.box.com/reference/resources/event/';

export const corpus: FidelityCase[] = [
  {
    source: ELASTIC,
    shape: 'Enterprise event (COLLABORATION_INVITE, folder source, accessible_by user)', values: 'captured', note: 'elastic/integrations test-invite.log, as published.',
    record: {
      accessible_by: { id: '26570306658', login: 'target@example.com', name: 'Target User', type: 'user' },
      action_by: null,
      additional_details: { collab_id: '1123456789', invitation_message: '', is_performed_by_admin: false, role: 'Editor', type: 'box://event/additional_details/collaboration' },
      created_at: '2025-02-24T08:10:18-08:00',
      created_by: { id: '12345678942', login: 'acting@example.com', name: 'Acting User', type: 'user' },
      event_id: '45f43783-da1c-4b9f-a609-0dee9e4bdb93',
      event_type: 'COLLABORATION_INVITE',
      ip_address: '81.2.69.144',
      session_id: null,
      source: {
        folder_id: '308889935509', folder_name: 'The folder name goes here',
        owned_by: { id: '30633803054', login: 'owner@example.com', name: 'Folder Owner User', type: 'user' },
        parent: { id: '239472683128', name: 'parent folder of shared folder', type: 'folder' },
        user_id: '26570306658', user_name: 'Target User',
      },
      type: 'event',
    },
    expect: { user: 'acting@example.com', ip: '81.2.69.144', time: Date.UTC(2025, 1, 24, 16, 10, 18), action: 'file.shared', outcome: 'success', targets: ['308889935509', 'target@example.com'] },
  },
  {
    source: ELASTIC,
    shape: 'Enterprise event (USER_AUTHENTICATE_OAUTH2_ACCESS_TOKEN_CREATE, user source)', values: 'captured', note: 'elastic/integrations test-source-login.log; the login domain replaced with example.com.',
    record: {
      action_by: null,
      created_at: '2026-03-23T09:18:35-07:00',
      created_by: { id: '20340099421', login: 'andrea.zhou@example.com', name: 'Andrea Zhou', type: 'user' },
      event_id: '5af7e8c4-c2fd-4985-bc02-3c1f48726887',
      event_type: 'USER_AUTHENTICATE_OAUTH2_ACCESS_TOKEN_CREATE',
      ip_address: '192.168.1.1',
      session_id: null,
      source: { id: '20340099421', login: 'andrea.zhou@example.com', name: 'Andrea Zhou', type: 'user' },
      type: 'event',
    },
    expect: { user: 'andrea.zhou@example.com', ip: '192.168.1.1', time: Date.UTC(2026, 2, 23, 16, 18, 35), action: 'oauth.consent_granted', outcome: 'success', targets: ['20340099421'] },
  },
  {
    source: ELASTIC,
    shape: 'Event with a full file object as source (ITEM_DOWNLOAD)', values: 'captured', note: 'elastic/integrations test-download.log, trimmed to the fields the normaliser reads.',
    record: {
      created_at: '2022-07-20T02:32:15-07:00',
      created_by: { id: '19530772260', login: 'info@elastic.co', name: 'Elastic Integrations', type: 'user' },
      event_id: '0d836443a60c1e9cdf7f18ffa56d8b46b70a14c4',
      event_type: 'ITEM_DOWNLOAD',
      recorded_at: '2022-07-20T02:32:16-07:00',
      session_id: 'lawelth4diwf8xuk',
      source: { id: '986342059368', name: 'test3.sh', type: 'file', parent: { etag: '1', id: '167913508968', name: 'box-test-4', sequence_id: '1', type: 'folder' }, size: 30 },
      type: 'event',
    },
    expect: { user: 'info@elastic.co', time: Date.UTC(2022, 6, 20, 9, 32, 15), action: 'file.downloaded', outcome: 'success', targets: ['986342059368'] },
  },
  {
    source: BOX_GUIDE,
    shape: 'Enterprise event (FAILED_LOGIN)', values: 'synthetic', note: 'The event resource shape of Box\'s reference with made-up values; RFC 5737 IP.',
    record: {
      type: 'event', event_id: 'f2d9c1a0-7e6b-4c5d-9a8b-3c2d1e0f9a8b', event_type: 'FAILED_LOGIN', created_at: '2025-05-12T07:58:02-07:00',
      created_by: { type: 'user', id: '11446498', name: 'Aaron Levie', login: 'ceo@example.com' }, action_by: null,
      ip_address: '203.0.113.17', session_id: null,
      source: { type: 'user', id: '11446498', name: 'Aaron Levie', login: 'ceo@example.com' }, additional_details: null,
    },
    expect: { user: 'ceo@example.com', ip: '203.0.113.17', time: Date.UTC(2025, 4, 12, 14, 58, 2), action: 'user.login_failed', outcome: 'failure', targets: ['11446498'] },
  },
  {
    source: BOX_REFERENCE,
    shape: 'Enterprise event (SHARE with an open shared link)', values: 'synthetic', note: 'Box documents `additional_details` as free-form per type; the access key is modelled on the shared-link object (digest §5).',
    record: {
      type: 'event', event_id: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b', event_type: 'SHARE', created_at: '2025-05-12T19:52:00-07:00',
      created_by: { type: 'user', id: '11446498', name: 'Aaron Levie', login: 'ceo@example.com' }, action_by: null,
      ip_address: '2001:db8::5', session_id: '12345678',
      source: { item_type: 'file', item_id: '12345', item_name: 'Contract.pdf', owned_by: { type: 'user', id: '11446498', name: 'Aaron Levie', login: 'ceo@example.com' } },
      additional_details: { shared_link_access: 'open' },
    },
    expect: { user: 'ceo@example.com', ip: '2001:db8::5', time: Date.UTC(2025, 4, 13, 2, 52, 0), action: 'file.public_link_created', outcome: 'success', targets: ['12345'] },
  },
];
