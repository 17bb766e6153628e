import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * DocuSign records as DocuSign (and the tools that export them) publish them, with the fields each must
 * yield. Monitor carries no e-mail: `user` is the `userId` GUID (the inventory adds the e-mail at ingest).
 */

const MONITOR_V2 = 'https://github.com/docusign/OpenAPI-Specifications/blob/master/monitor.rest.swagger-v2.0.json';
const MONITOR_V1 = 'https://developers.docusign.com/docs/monitor-api/reference/monitor/dataset/stream/';
const GLUE_EXPORT = 'https://docs.aws.amazon.com/glue/latest/dg/docusign-monitor-reading-from-entities.html';
const CONNECT_SIM = 'https://developers.docusign.com/platform/webhooks/connect/json-sim-event-model/';
const CONNECT_EVENTS = 'https://developers.docusign.com/platform/webhooks/connect/event-triggers/';
const CONNECT_SCHEMA = 'https://github.com/docusign/OpenAPI-Specifications/blob/master/connect.schema-v2.json';

/** The Monitor record of DocuSign's sample (digest §2.5), as both stream versions return it. */
const userAdded = {
  timestamp: '2023-03-03T09:10:06.0512813Z',
  eventId: 'a8010d32-b9f5-4948-9195-50c867d7c3a5',
  site: 'DEMO',
  accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7',
  organizationId: '7f46f1ee-828e-41d4-9d85-755fa1814fd4',
  userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
  integratorKey: '##DOCUSIGN_INTERNAL_NOT_USED##',
  userAgent: '',
  ipAddress: '162.248.186.11',
  ipAddressLocation: { latitude: 47.6, longitude: -122.33, country: 'united states', state: 'washington', city: 'seattle' },
  object: 'Account',
  action: 'UserAdded',
  property: '',
  field: '',
  result: '',
  source: 'API',
  referencedUserId: '2020ac66-26b5-4367-aff3-f33bd9a007b7',
  proxyStatus: '',
  proxyType: '',
  proxyLevel: '',
  data: { AffectedUserId: '2020ac66-26b5-4367-aff3-f33bd9a007b7', AffectedMembershipId: '4da49358-8de5-4f62-9e9a-6029259723bc', PermissionProfileId: '14414475' },
};

const userAddedExpect = {
  user: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
  ip: '162.248.186.11',
  time: 1677834606051,
  action: 'user.created',
  outcome: 'unknown',
  targets: ['2020ac66-26b5-4367-aff3-f33bd9a007b7', '14414475'],
};

export const corpus: FidelityCase[] = [
  { source: MONITOR_V2, shape: 'Monitor v2.0 dataset stream event', values: 'captured', note: "Sumo Logic's DocuSign app page (https://www.sumologic.com/help/docs/integrations/saas-cloud/docusign/) prints this Monitor record; organizationId and ipAddressLocation put back to consistent values.", record: userAdded, expect: userAddedExpect },
  {
    source: MONITOR_V1,
    shape: 'Monitor v1 organization stream event', values: 'captured', note: 'The captured Monitor record above with another eventId: both stream versions return the same event shape.',
    record: { ...userAdded, eventId: 'b7a1c2d3-0f4e-4d6a-9a1b-2c3d4e5f6a7b' },
    expect: userAddedExpect,
  },
  {
    source: MONITOR_V2,
    shape: 'Monitor v2.0 alert', values: 'captured', note: "Sumo Logic's DocuSign app page (https://www.sumologic.com/help/docs/integrations/saas-cloud/docusign/) prints this Monitor alert; EventIds cut to two, Count kept.",
    record: {
      timestamp: '2023-02-20T10:42:19.8996904Z',
      eventId: '285e7634-07fd-4877-ac12-b921d0e4b626',
      site: 'DEMO',
      accountId: '',
      organizationId: '7f46f1ee-828e-41d4-9d85-755fa1814fd4',
      userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
      integratorKey: '',
      userAgent: '',
      ipAddress: '103.108.207.58',
      ipAddressLocation: { latitude: 23.02, longitude: 72.57, country: 'india', state: 'gujarat', city: 'ahmedabad' },
      object: 'Alert',
      action: 'IpAddressOutsideAllowedRanges',
      property: '',
      field: '',
      result: '',
      source: 'Other',
      referencedUserId: '',
      proxyStatus: '',
      proxyType: '',
      proxyLevel: '',
      data: { EventIds: ['16b4a651-1e21-42a3-90ea-f5227224b591', '1addc090-d227-4166-a279-dc6c5277247b'], Count: '18' },
    },
    expect: {
      user: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
      ip: '103.108.207.58',
      time: 1676889739899,
      action: 'provider.alert',
      targets: ['16b4a651-1e21-42a3-90ea-f5227224b591', '1addc090-d227-4166-a279-dc6c5277247b'],
    },
  },
  {
    // The export AWS Glue documents: `data` is a JSON string and the integration key is `IntegratorKey`.
    source: GLUE_EXPORT,
    shape: 'Monitor event exported with data as a JSON string', values: 'synthetic', note: 'The captured Monitor record above as the AWS Glue connector documents its export (data as JSON text, IntegratorKey).',
    record: {
      ...userAdded,
      eventId: 'c0d1e2f3-a4b5-4c6d-8e7f-901234567890',
      integratorKey: undefined,
      IntegratorKey: '##DOCUSIGN_INTERNAL_NOT_USED##',
      data: JSON.stringify(userAdded.data),
    },
    expect: userAddedExpect,
  },
  {
    source: MONITOR_V1,
    shape: 'Monitor v1 event with an IPv6 address', values: 'synthetic', note: 'The captured Monitor record above as a failed login from an RFC 3849 address.',
    record: {
      ...userAdded,
      eventId: 'd1e2f3a4-b5c6-4d7e-8f90-123456789abc',
      timestamp: '2024-06-03T14:22:08.1234567Z',
      object: 'User',
      action: 'Login',
      result: 'Failed',
      source: 'Web',
      ipAddress: '2001:db8:85a3::8a2e:370:7334',
      referencedUserId: '',
      data: {},
    },
    expect: {
      user: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
      ip: '2001:db8:85a3::8a2e:370:7334',
      time: Date.UTC(2024, 5, 3, 14, 22, 8, 123),
      action: 'user.login_failed',
      outcome: 'failure',
      targets: [],
    },
  },
  {
    source: CONNECT_SCHEMA,
    shape: 'Connect JSON SIM envelope-sent with the envelope summary', values: 'synthetic', note: "Ids from DocuSign's reference examples (envelopeId 93be49ab-...), sender and IP made up (RFC 5737).",
    record: {
      event: 'envelope-sent',
      apiVersion: 'v2.1',
      uri: '/restapi/v2.1/accounts/8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7/envelopes/93be49ab-afa0-4adf-933c-f752070d71ec',
      retryCount: 0,
      configurationId: 10418,
      generatedDateTime: '2022-01-04T19:32:44.0330000Z',
      data: {
        accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7',
        userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
        envelopeId: '93be49ab-afa0-4adf-933c-f752070d71ec',
        envelopeSummary: {
          status: 'sent',
          emailSubject: 'Please sign this NDA',
          sender: { userName: 'Max Admin', userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c', accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7', email: 'max.admin@example.net', ipAddress: '203.0.113.41' },
          sentDateTime: '2022-01-04T19:32:43.457Z',
        },
      },
    },
    expect: {
      user: 'max.admin@example.net',
      ip: '203.0.113.41',
      time: Date.UTC(2022, 0, 4, 19, 32, 44, 33),
      action: 'file.shared',
      outcome: 'success',
      targets: ['93be49ab-afa0-4adf-933c-f752070d71ec'],
    },
  },
  {
    source: CONNECT_SIM,
    shape: 'Connect JSON SIM envelope-voided (no summary)', values: 'synthetic', note: 'The envelope-sent case above as envelope-voided without the summary.',
    record: {
      event: 'envelope-voided',
      apiVersion: 'v2.1',
      uri: '/restapi/v2.1/accounts/8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7/envelopes/93be49ab-afa0-4adf-933c-f752070d71ec',
      retryCount: 0,
      configurationId: 10418,
      generatedDateTime: '2022-01-05T08:00:01.5000000Z',
      data: { accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7', userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c', envelopeId: '93be49ab-afa0-4adf-933c-f752070d71ec' },
    },
    expect: {
      user: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
      time: Date.UTC(2022, 0, 5, 8, 0, 1, 500),
      action: 'file.deleted',
      outcome: 'success',
      targets: ['93be49ab-afa0-4adf-933c-f752070d71ec'],
    },
  },
  {
    source: CONNECT_EVENTS,
    shape: 'Connect JSON SIM recipient-authenticationfailed', values: 'synthetic', note: "The envelope-sent case above as a recipient's failed ID check.",
    record: {
      event: 'recipient-authenticationfailed',
      apiVersion: 'v2.1',
      uri: '/restapi/v2.1/accounts/8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7/envelopes/93be49ab-afa0-4adf-933c-f752070d71ec',
      retryCount: 0,
      configurationId: 10418,
      generatedDateTime: '2022-01-04T20:01:12.0000000Z',
      data: {
        accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7',
        userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c',
        envelopeId: '93be49ab-afa0-4adf-933c-f752070d71ec',
        recipientId: '1',
      },
    },
    // The sender's userId is not the actor of a recipient's failed ID check: no user is expected.
    expect: {
      time: Date.UTC(2022, 0, 4, 20, 1, 12, 0),
      outcome: 'failure',
      targets: ['93be49ab-afa0-4adf-933c-f752070d71ec', '1'],
    },
  },
];
