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
const CONNECT_LEGACY = 'https://developers.docusign.com/platform/webhooks/connect/legacy-message-formats/';
const SOAP_ENVELOPE_STATUS = 'https://developers.docusign.com/docs/esign-soap-api/reference/status-and-managing-group/envelopestatus/';
const SOAP_RECIPIENT_STATUS = 'https://developers.docusign.com/docs/esign-soap-api/reference/status-and-managing-group/recipientstatus/';
const REST_ENVELOPE = 'https://developers.docusign.com/docs/esign-rest-api/reference/envelopes/envelopes/get/';

const LEGACY_NOTE =
  'Element names and order as Connect posts them (EnvelopeStatus / RecipientStatus references, TimeZone and TimeZoneOffset after EnvelopeStatus as captured messages show); values made up (example.com, RFC 5737 IPs, the reference examples\' envelopeId).';

/** A recipient's `<RecipientStatus>` (SOAP RecipientStatus reference), times local to the account. */
function recipientXml(r: { email: string; name: string; order: number; id: string; status: string; ip: string; sent: string; delivered?: string; signed?: string; declined?: string; reason?: string }): string {
  return `<RecipientStatus><Type>Signer</Type><Email>${r.email}</Email><UserName>${r.name}</UserName><RoutingOrder>${r.order}</RoutingOrder><Sent>${r.sent}</Sent>${r.delivered ? `<Delivered>${r.delivered}</Delivered>` : ''}${r.signed ? `<Signed>${r.signed}</Signed>` : ''}${r.declined ? `<Declined>${r.declined}</Declined>` : ''}${r.reason ? `<DeclineReason>${r.reason}</DeclineReason>` : '<DeclineReason xsi:nil="true" />'}<Status>${r.status}</Status><RecipientIPAddress>${r.ip}</RecipientIPAddress><CustomFields /><AccountStatus>Active</AccountStatus><RecipientId>${r.id}</RecipientId></RecipientStatus>`;
}

/** A whole Connect XML message (`DocuSignEnvelopeInformation`), as the listener receives the body. */
function envelopeXml(e: { status: string; generated: string; recipients: string[]; tz: string; offset: number; extra?: string }): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<DocuSignEnvelopeInformation xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.docusign.net/API/3.0">
  <EnvelopeStatus>
    <RecipientStatuses>${e.recipients.join('')}</RecipientStatuses>
    <TimeGenerated>${e.generated}</TimeGenerated>
    <EnvelopeID>93be49ab-afa0-4adf-933c-f752070d71ec</EnvelopeID>
    <Subject>Please sign this NDA</Subject>
    <UserName>Max Admin</UserName>
    <Email>max.admin@example.net</Email>
    <Status>${e.status}</Status>
    <Created>2024-01-15T09:10:02.47</Created>
    <Sent>2024-01-15T09:12:30.123</Sent>
    <ACStatus>Original</ACStatus>
    <SigningLocation>Online</SigningLocation>
    <SenderIPAddress>203.0.113.41</SenderIPAddress>
    <EnvelopePDFHash />
    <CustomFields><CustomField><Name>AccountId</Name><Show>false</Show><Required>false</Required><Value>10406522</Value></CustomField></CustomFields>
    <AutoNavigation>true</AutoNavigation>
    <EnvelopeIdStamping>true</EnvelopeIdStamping>
    <AuthoritativeCopy>false</AuthoritativeCopy>${e.extra ?? ''}
  </EnvelopeStatus>
  <TimeZone>${e.tz}</TimeZone>
  <TimeZoneOffset>${e.offset}</TimeZoneOffset>
</DocuSignEnvelopeInformation>`;
}

const signerAda = { email: 'ada@example.org', name: 'Ada Signer', order: 1, id: '1f7a3c55-2b1d-4f0e-9a44-8d2f6c1e9b01', sent: '2024-01-15T09:12:30.123' };
const signerBo = { email: 'bo@example.org', name: 'Bo Signer', order: 2, id: '2e8b4d66-3c2e-4a1f-8b55-9e3a7d2f0c12', sent: '2024-01-15T09:12:30.123' };

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
  // --- Connect legacy (aggregate) XML: the envelope's status when sent, times local to TimeZoneOffset ---
  {
    source: CONNECT_LEGACY,
    shape: 'Connect legacy XML message, envelope Sent (Pacific Standard Time, offset -8)',
    values: 'synthetic',
    note: LEGACY_NOTE,
    record: envelopeXml({ status: 'Sent', generated: '2024-01-15T09:12:31.4651043', tz: 'Pacific Standard Time', offset: -8, recipients: [recipientXml({ ...signerAda, status: 'Sent', ip: '' })] }),
    expect: { user: 'max.admin@example.net', ip: '203.0.113.41', time: Date.UTC(2024, 0, 15, 17, 12, 31, 465), action: 'file.shared', outcome: 'success', targets: ['93be49ab-afa0-4adf-933c-f752070d71ec'] },
  },
  {
    source: SOAP_RECIPIENT_STATUS,
    shape: 'Connect legacy XML message, envelope Completed (offset -7): the last signer acted, from their IP',
    values: 'synthetic',
    note: LEGACY_NOTE,
    record: envelopeXml({
      status: 'Completed',
      generated: '2024-06-10T00:34:41.21',
      tz: 'Pacific Standard Time',
      offset: -7,
      recipients: [
        recipientXml({ ...signerAda, sent: '2024-06-10T00:20:00.303', status: 'Completed', ip: '198.51.100.17', delivered: '2024-06-10T00:21:34.117', signed: '2024-06-10T00:22:40.6' }),
        recipientXml({ ...signerBo, sent: '2024-06-10T00:22:41.01', status: 'Completed', ip: '192.0.2.88', delivered: '2024-06-10T00:34:01.5', signed: '2024-06-10T00:34:40.6' }),
      ],
      extra: '\n    <Completed>2024-06-10T00:34:40.6</Completed>',
    }),
    expect: { user: 'bo@example.org', ip: '192.0.2.88', time: Date.UTC(2024, 5, 10, 7, 34, 41, 210), outcome: 'success', targets: ['93be49ab-afa0-4adf-933c-f752070d71ec', '2e8b4d66-3c2e-4a1f-8b55-9e3a7d2f0c12'] },
  },
  {
    source: SOAP_ENVELOPE_STATUS,
    shape: 'Connect legacy XML message, envelope Declined by a recipient',
    values: 'synthetic',
    note: LEGACY_NOTE,
    record: envelopeXml({
      status: 'Declined',
      generated: '2024-01-15T10:01:12.0',
      tz: 'Pacific Standard Time',
      offset: -8,
      recipients: [recipientXml({ ...signerAda, status: 'Declined', ip: '2001:db8::5', delivered: '2024-01-15T10:00:02.2', declined: '2024-01-15T10:01:11.9', reason: 'Terms not agreed' })],
    }),
    expect: { user: 'ada@example.org', ip: '2001:db8::5', time: Date.UTC(2024, 0, 15, 18, 1, 12), outcome: 'failure', targets: ['93be49ab-afa0-4adf-933c-f752070d71ec', '1f7a3c55-2b1d-4f0e-9a44-8d2f6c1e9b01'] },
  },
  {
    source: CONNECT_LEGACY,
    shape: 'Connect legacy XML message posted through the SOAP interface (DocuSignConnectUpdate), envelope Voided',
    values: 'synthetic',
    note: LEGACY_NOTE + ' Wrapped as the SOAP interface posts it.',
    record: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><DocuSignConnectUpdate xmlns="http://www.docusign.net/API/3.0">${envelopeXml({
      status: 'Voided',
      generated: '2024-01-16T08:00:01.5',
      tz: 'Pacific Standard Time',
      offset: -8,
      recipients: [recipientXml({ ...signerAda, status: 'Sent', ip: '' })],
      extra: '\n    <VoidReason>Wrong counterparty</VoidReason>',
    }).replace(/^<\?xml[^>]*>\s*/, '')}</DocuSignConnectUpdate></soap:Body></soap:Envelope>`,
    expect: { user: 'max.admin@example.net', ip: '203.0.113.41', time: Date.UTC(2024, 0, 16, 16, 0, 1, 500), action: 'file.deleted', outcome: 'success', targets: ['93be49ab-afa0-4adf-933c-f752070d71ec'] },
  },
  {
    source: REST_ENVELOPE,
    shape: 'Connect legacy JSON message (the REST envelope object), envelope sent',
    values: 'synthetic',
    note: "Property names as the REST envelope reference lists them and DocuSign's Connect schema (connect.schema-v2.json) prints the same object as envelopeSummary, sender.ipAddress included; values made up (the reference examples' ids, example.net, RFC 5737 IP).",
    record: {
      status: 'sent',
      documentsUri: '/envelopes/93be49ab-afa0-4adf-933c-f752070d71ec/documents',
      recipientsUri: '/envelopes/93be49ab-afa0-4adf-933c-f752070d71ec/recipients',
      envelopeUri: '/envelopes/93be49ab-afa0-4adf-933c-f752070d71ec',
      emailSubject: 'Please sign this NDA',
      envelopeId: '93be49ab-afa0-4adf-933c-f752070d71ec',
      signingLocation: 'online',
      createdDateTime: '2024-01-15T17:10:02.4700000Z',
      sentDateTime: '2024-01-15T17:12:30.1230000Z',
      statusChangedDateTime: '2024-01-15T17:12:30.1230000Z',
      sender: { userName: 'Max Admin', userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c', accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7', email: 'max.admin@example.net', ipAddress: '203.0.113.41' },
      recipients: {
        signers: [{ email: 'ada@example.org', name: 'Ada Signer', recipientId: '1', recipientIdGuid: '1f7a3c55-2b1d-4f0e-9a44-8d2f6c1e9b01', routingOrder: '1', status: 'sent', sentDateTime: '2024-01-15T17:12:30.1230000Z' }],
        carbonCopies: [],
      },
    },
    expect: { user: 'max.admin@example.net', ip: '203.0.113.41', time: Date.UTC(2024, 0, 15, 17, 12, 30, 123), action: 'file.shared', outcome: 'success', targets: ['93be49ab-afa0-4adf-933c-f752070d71ec'] },
  },
  {
    source: REST_ENVELOPE,
    shape: 'Connect legacy JSON message, envelope delivered: the recipient who opened it',
    values: 'synthetic',
    note: 'Property names as the REST envelope and recipients references list them; values made up (example.org / example.net, RFC 5737 IP).',
    record: {
      status: 'delivered',
      emailSubject: 'Please sign this NDA',
      envelopeId: '93be49ab-afa0-4adf-933c-f752070d71ec',
      statusChangedDateTime: '2024-01-15T17:30:05.0000000Z',
      sender: { userName: 'Max Admin', userId: '9cfb472b-ef1f-4116-8df2-17c53841fd6c', accountId: '8949bd2a-f1fc-4c95-ae8e-9e294b2af5b7', email: 'max.admin@example.net', ipAddress: '203.0.113.41' },
      recipients: {
        signers: [{ email: 'ada@example.org', name: 'Ada Signer', recipientId: '1', routingOrder: '1', status: 'delivered', sentDateTime: '2024-01-15T17:12:30.1230000Z', deliveredDateTime: '2024-01-15T17:30:04.9000000Z' }],
      },
    },
    // The REST recipient carries no IP: none is expected (the sender's would be wrong here).
    expect: { user: 'ada@example.org', ip: null, time: Date.UTC(2024, 0, 15, 17, 30, 5), action: 'file.viewed', outcome: 'success', targets: ['93be49ab-afa0-4adf-933c-f752070d71ec', '1'] },
  },
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
