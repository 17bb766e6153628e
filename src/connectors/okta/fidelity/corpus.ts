import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Okta System Log records as Okta (and the tools that export them) publish them, with the fields each must
 * yield.
 */

const SYSTEM_LOG_API = 'https://developer.okta.com/docs/api/openapi/okta-management/management/tags/systemlog';
const EVENTBRIDGE = 'https://help.okta.com/en-us/content/topics/reports/log-streaming/add-aws-eventbridge.htm';
const EVENT_TYPES = 'https://developer.okta.com/docs/reference/api/event-types/';
const SYSTEM_LOG_LEGACY_REFERENCE = 'https://developer.okta.com/docs/reference/api/system-log/';
const EVENT_HOOKS = 'https://developer.okta.com/docs/concepts/event-hooks/';

/**
 * The LogEvent of Okta's System Log reference ("Example LogEvent object"), as the page prints it. The page
 * prints `2017-09-31`, a day that does not exist: its time is not checked (the shared time parser rolls it
 * over to 1 October; originalTime keeps the text).
 */
const docsLogin = {
  version: '0',
  severity: 'INFO',
  client: { zone: 'OFF_NETWORK', device: 'Unknown', userAgent: { os: 'Unknown', browser: 'UNKNOWN', rawUserAgent: 'UNKNOWN-DOWNLOAD' }, ipAddress: '12.97.85.90' },
  actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@tc1-trexcloud.com', displayName: 'John Fung' },
  outcome: { result: 'SUCCESS' },
  uuid: 'f790999f-fe87-467a-9880-6982a583986c',
  published: '2017-09-31T22:23:07.777Z',
  eventType: 'user.session.start',
  displayMessage: 'User login to Okta',
  transaction: { type: 'WEB', id: 'V04Oy4ubUOc5UuG6s9DyNQAABtc' },
  debugContext: { debugData: { requestUri: '/login/do-login' } },
  legacyEventType: 'core.user_auth.login_success',
  authenticationContext: { authenticationStep: 0, externalSessionId: '1013FfF-DKQSvCI4RVXChzX-w' },
};

/** The same event with a real date, as Okta's Log Streaming delivers it to Amazon EventBridge (`detail`). */
const eventBridge = {
  version: '0',
  id: '8f1c6a0e-5d2b-4c7e-9a31-2b7d0e4f6a11',
  'detail-type': 'SystemLog',
  source: 'aws.partner/okta.com/tc1-trexcloud/okta-system-log',
  account: '123456789012',
  time: '2017-09-30T22:23:07Z',
  region: 'us-east-1',
  resources: [],
  detail: { ...docsLogin, uuid: 'a1d3f5b7-1c2e-4a6b-8d0f-3e5a7c9b1d2f', published: '2017-09-30T22:23:07.777Z' },
};

/** An admin granting a role (event-type catalogue: `user.account.privilege.grant`, role in debugData). */
const privilegeGrant = {
  ...docsLogin,
  uuid: 'c2e4a6b8-2d4f-4b6c-9e1a-4f6b8d0c2e4a',
  published: '2017-09-30T22:30:00.000Z',
  eventType: 'user.account.privilege.grant',
  displayMessage: 'Grant user privilege',
  legacyEventType: 'core.user.admin_privilege.granted',
  target: [{ id: '00u1qw1mqitPHM8AJ0g8', type: 'User', alternateId: 'jane@tc1-trexcloud.com', displayName: 'Jane Doe' }],
  debugContext: { debugData: { privilegeGranted: 'Super administrator' } },
};

export const corpus: FidelityCase[] = [
  {
    // The second event of the System Log reference's "Response Example" (the API page before the OpenAPI
    // reference): an API token created from the loopback address, old `authentication_context` spelling.
    source: SYSTEM_LOG_LEGACY_REFERENCE,
    shape: 'System Log API LogEvent (system.api_token.create, geographicalContext, snake-case authentication_context)',
    values: 'published',
    record: {
      version: '0',
      severity: 'INFO',
      client: {
        zone: 'OFF_NETWORK',
        device: 'Unknown',
        id: null,
        userAgent: { os: 'Unknown', browser: 'UNKNOWN', rawUserAgent: 'UNKNOWN-UNKNOWN' },
        ipAddress: '127.0.0.1',
        geographicalContext: { city: null, state: null, country: null, geolocation: { lat: 36.12, lon: -114.17 }, postalCode: null },
      },
      actor: { id: '00ujkqmCDIS4dRtaY0g3', type: 'User', alternateId: 'administrator1@clouditude.net', displayName: "Add-Min O'Cloudy Tud", detailEntry: null },
      outcome: { result: 'SUCCESS', reason: null },
      target: [{ id: '00T1pkSJOMoElZWVY0g3', type: 'Token', alternateId: 'unknown', displayName: 'unknown', detailEntry: null }],
      uuid: 'af4736fb-ef84-4cfb-bcfa-8f541ca99abf',
      published: '2016-05-27T19:38:59.031Z',
      eventType: 'system.api_token.create',
      displayMessage: 'Create API token',
      transaction: { type: 'WEB', id: 'reqz_ADxMMoTSOd7TgdnbjUXw', detail: null },
      debugContext: {
        debugData: {
          originalPrincipal: { alternateId: 'admin@saasure.com', displayName: 'Piras Add-min', id: '00ujjjNmP7E3U2Rq50g3', type: 'User' },
          requestUri: '/api/1/devtools/global/test/orgs/specific',
        },
      },
      legacyEventType: 'api.token.create',
      authentication_context: { issuer: null, authenticationProvider: null, credentialProvider: null, credentialType: null, interface: null, authenticationStep: 0, externalSessionId: '101NN7VYcLqQ5u2Mi1lbmnEmg' },
    },
    expect: {
      user: 'administrator1@clouditude.net',
      ip: '127.0.0.1',
      time: Date.UTC(2016, 4, 27, 19, 38, 59, 31),
      action: 'credential.created',
      outcome: 'success',
      // The token, and the Okta API it grants access to (the normaliser names it for credential events).
      targets: ['00T1pkSJOMoElZWVY0g3', 'okta-management-api'],
    },
  },
  {
    source: EVENT_HOOKS,
    shape: 'System Log API LogEvent as an event hook delivers it (an element of data.events)',
    values: 'published',
    note: 'The event inside the page\'s sample event-hook request; the hook\'s own envelope (eventType com.okta.event_hook, data.events[]) is split into its events before normalising.',
    record: {
      version: '0',
      severity: 'INFO',
      client: { zone: 'OFF_NETWORK', device: 'Unknown', userAgent: { os: 'Unknown', browser: 'UNKNOWN', rawUserAgent: 'UNKNOWN-DOWNLOAD' }, ipAddress: '12.97.85.90' },
      actor: { id: '00u1qw6mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com', displayName: 'Example Admin' },
      outcome: { result: 'SUCCESS' },
      uuid: 'f790999f-fe87-467a-9880-6982a583986c',
      published: '2018-03-28T22:23:07.777Z',
      eventType: 'user.session.start',
      displayMessage: 'User login to Okta',
      transaction: { type: 'WEB', id: 'V04Oy4ubUOc5UuG6s9DyNQAABtc' },
      legacyEventType: 'core.user_auth.login_success',
      authenticationContext: { authenticationStep: 0, externalSessionId: '1013FfF-DKQSvCI4RVXChzX-w' },
    },
    expect: { user: 'admin@example.com', ip: '12.97.85.90', time: Date.UTC(2018, 2, 28, 22, 23, 7, 777), action: 'user.login', outcome: 'success', targets: [] },
  },
  {
    source: SYSTEM_LOG_API,
    shape: 'System Log API LogEvent', values: 'published',
    record: docsLogin,
    expect: { user: 'admin@tc1-trexcloud.com', ip: '12.97.85.90', action: 'user.login', outcome: 'success', targets: [] },
  },
  {
    source: EVENTBRIDGE,
    shape: 'Log Streaming to Amazon EventBridge (detail = LogEvent)', values: 'synthetic', note: "Okta's published LogEvent (with a real date) inside the EventBridge envelope the page describes.",
    record: eventBridge,
    expect: { user: 'admin@tc1-trexcloud.com', ip: '12.97.85.90', time: Date.UTC(2017, 8, 30, 22, 23, 7, 777), action: 'user.login', outcome: 'success' },
  },
  {
    source: EVENT_TYPES,
    shape: 'System Log API LogEvent (admin role grant)', values: 'synthetic', note: "Okta's published LogEvent turned into user.account.privilege.grant with a made-up target.",
    record: privilegeGrant,
    expect: { user: 'admin@tc1-trexcloud.com', ip: '12.97.85.90', time: Date.UTC(2017, 8, 30, 22, 30), action: 'admin.role_assigned', outcome: 'success', targets: ['00u1qw1mqitPHM8AJ0g8', 'Super administrator'] },
  },
];
