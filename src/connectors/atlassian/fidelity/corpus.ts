import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Atlassian org audit events in the shape Atlassian's Organizations REST API documents (its reference prints a
 * template of `<string>` placeholders, no values), with the fields each must yield. Values are made up in that
 * documented shape, so every case is `synthetic`; the field set follows the API's published OpenAPI as the
 * jira.js client generates it (actor `email` and `auth`, location `city`/`countryName`).
 */

const EVENTS = 'https://developer.atlassian.com/cloud/admin/organization/rest/api-group-events/';
const JIRA_JS_EVENT = 'https://mrrefactoring.github.io/jira.js/api/functions/admin.getEventById';
const GO_ATLASSIAN = 'https://github.com/ctreminiom/go-atlassian/blob/main/pkg/infra/models/admin_organization.go';

const API = 'https://api.atlassian.com';
const ORG = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const SITE = { id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e', type: 'sites', links: { self: `${API}/admin/v1/orgs/${ORG}/sites/b2c3d4e5`, alt: 'https://acme.atlassian.net' } };
const jane = { id: '5b10ac8d82e05b22cc7d4ef5', name: 'Jane Roe', email: 'jane.roe@acme.example', links: { self: `${API}/users/5b10ac8d82e05b22cc7d4ef5/manage/profile` } };
const omar = { id: '712020:0c4b9e3a-7d1f-4e2b-9a6c-3f8e1d2c5b7a', type: 'users' };

function event(id: string, time: unknown, action: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    type: 'events',
    attributes: { time, action, actor: jane, context: [], container: [SITE], location: { ip: '203.0.113.7', geo: 'Lyon, France', city: 'Lyon', countryName: 'France' }, ...extra },
    links: { self: `${API}/admin/v1/orgs/${ORG}/events/${id}` },
  };
}

export const corpus: FidelityCase[] = [
  {
    source: EVENTS,
    shape: 'Org audit event (user_logged_in, ISO time)', values: 'synthetic', note: 'The digest’s sample event (go-atlassian field names), RFC 5737 IP.',
    record: event('8f3c1e2a-5b6d-4c7e-9f10-aa11bb22cc33', '2025-03-04T09:15:22.481Z', 'user_logged_in', { context: [{ id: jane.id, type: 'users' }] }),
    expect: { user: 'jane.roe@acme.example', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22, 481), action: 'user.login', outcome: 'success', targets: [jane.id] },
  },
  {
    source: GO_ATLASSIAN,
    shape: 'Org audit event (user_granted_role, organisation admin)', values: 'synthetic', note: 'A role grant in the documented context shape (a users item and a roles item); RFC 5737 IP.',
    record: event('1d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6', '2025-03-05T22:41:07.003Z', 'user_granted_role', { context: [omar, { id: 'atlassian/org-admin', type: 'roles' }] }),
    expect: { user: 'jane.roe@acme.example', ip: '203.0.113.7', time: Date.UTC(2025, 2, 5, 22, 41, 7, 3), action: 'admin.role_assigned', outcome: 'success', targets: [omar.id, 'atlassian/org-admin'] },
  },
  {
    source: JIRA_JS_EVENT,
    shape: 'Org audit event through an API token (actor.auth authType api-token, epoch milliseconds)', values: 'synthetic', note: 'actor.auth as the OpenAPI documents it; the time as epoch milliseconds, as exports carry it; RFC 5737 IP.',
    record: event('2e3f4a5b-6c7d-4e8f-9a0b-b1c2d3e4f5a6', 1741216867250, 'user_added_to_group', {
      actor: { ...jane, auth: { authType: 'api-token', tokenId: 'a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d', tokenLabel: 'automation' } },
      context: [{ id: jane.id, type: 'users' }, { id: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f', type: 'groups' }],
      location: { ip: '198.51.100.23', geo: '' },
    }),
    expect: { user: 'jane.roe@acme.example', ip: '198.51.100.23', time: 1741216867250, action: 'group.member_added', outcome: 'success', targets: [jane.id, 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f'] },
  },
  {
    source: GO_ATLASSIAN,
    shape: 'Org audit event (api_token_created, epoch seconds)', values: 'synthetic', note: 'The time as epoch seconds (go-atlassian’s from/to are seconds, and so are some exports): read as 1741216800 s = …800000 ms.',
    record: event('3f4a5b6c-7d8e-4f9a-8b0c-c1d2e3f4a5b6', 1741216800, 'api_token_created', { context: [{ id: jane.id, type: 'users' }, { id: 'a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d', type: 'api-tokens' }], location: { ip: '2001:db8::7', geo: '' } }),
    expect: { user: 'jane.roe@acme.example', ip: '2001:db8::7', time: 1741216800000, action: 'credential.created', outcome: 'success', targets: [jane.id, 'a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c0d'] },
  },
  {
    source: EVENTS,
    shape: '`GET /events/{eventId}` answer (`{data: event}`), user_login_failed', values: 'synthetic', note: 'The single-event envelope; RFC 5737 IP.',
    record: { data: event('4a5b6c7d-8e9f-4a0b-9c1d-d1e2f3a4b5c6', '2025-03-06T07:02:11.000Z', 'user_login_failed', { context: [{ id: jane.id, type: 'users' }] }) },
    expect: { user: 'jane.roe@acme.example', ip: '203.0.113.7', time: Date.UTC(2025, 2, 6, 7, 2, 11), action: 'user.login_failed', outcome: 'failure', targets: [jane.id] },
  },
];
