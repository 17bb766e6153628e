import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Salesforce records in the shapes Salesforce's object reference documents, with the fields each must
 * yield (issue #11). Salesforce publishes field lists with example values, not whole records: the records
 * are assembled from those examples, hence `synthetic`.
 */

const LOGIN_HISTORY = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_loginhistory.htm';
const SETUP_AUDIT_TRAIL = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupaudittrail.htm';
const REPORT_EXPORT = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventlogfile_reportexport.htm';
const LOGIN_EVENT = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventlogfile_login.htm';
const LOGOUT_EVENT = 'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventlogfile_logout.htm';

const userAttrs = { type: 'User', url: '/services/data/v62.0/sobjects/User/0055g00000AdMiNAAB' };

export const corpus: FidelityCase[] = [
  {
    source: LOGIN_HISTORY,
    shape: 'LoginHistory row (successful browser sign-in)', values: 'synthetic', note: 'Every field the object reference lists, values made up (RFC 5737 IP); datetimes in the REST API\'s +0000 form.',
    record: {
      attributes: { type: 'LoginHistory', url: '/services/data/v62.0/sobjects/LoginHistory/0Ya5g00001XyZaBCAV' },
      Id: '0Ya5g00001XyZaBCAV', UserId: '0055g00000AbCdEAAZ', LoginTime: '2025-03-04T09:15:22.000+0000', LoginType: 'Application', Status: 'Success', SourceIp: '203.0.113.7',
      LoginUrl: 'acme.my.salesforce.com', Application: 'Browser', Browser: 'Chrome 121', Platform: 'Mac OSX', ApiType: null, ApiVersion: 'N/A', ClientVersion: 'N/A',
      AuthenticationServiceId: null, CountryIso: 'FR', CipherSuite: 'ECDHE-RSA-AES256-GCM-SHA384', TlsProtocol: 'TLS 1.3', LoginGeoId: '04F5g00000QwErTEAV',
    },
    expect: { user: '0055g00000AbCdEAAZ', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22), action: 'user.login', outcome: 'success', targets: [] },
  },
  {
    source: LOGIN_HISTORY,
    shape: 'LoginHistory row (failed sign-in, Status is the reason)', values: 'synthetic', note: 'Status "Invalid Password" is one of the failure texts the Status field carries; RFC 5737 IP.',
    record: {
      attributes: { type: 'LoginHistory', url: '/services/data/v62.0/sobjects/LoginHistory/0Ya5g00001XyZbBCAV' },
      Id: '0Ya5g00001XyZbBCAV', UserId: '0055g00000AbCdEAAZ', LoginTime: '2025-03-04T09:14:40.000+0000', LoginType: 'Application', Status: 'Invalid Password', SourceIp: '198.51.100.23',
      LoginUrl: 'acme.my.salesforce.com', Application: 'Browser', Browser: 'Firefox 125', Platform: 'Windows 10', LoginGeoId: null, LoginGeo: null,
    },
    expect: { user: '0055g00000AbCdEAAZ', ip: '198.51.100.23', time: Date.UTC(2025, 2, 4, 9, 14, 40), action: 'user.login_failed', outcome: 'failure', targets: [] },
  },
  {
    source: SETUP_AUDIT_TRAIL,
    shape: 'SetupAuditTrail row (PermSetCreate)', values: 'synthetic', note: 'Action PermSetCreate and its Display text "Created permission set MAD: with user license Salesforce" are the object reference\'s own example; the rest made up.',
    record: {
      attributes: { type: 'SetupAuditTrail', url: '/services/data/v62.0/sobjects/SetupAuditTrail/0Ym5g000004AbCeCAK' },
      Id: '0Ym5g000004AbCeCAK', Action: 'PermSetCreate', Section: 'Manage Users', Display: 'Created permission set MAD: with user license Salesforce.', CreatedDate: '2025-03-04T09:58:40.000+0000',
      CreatedById: '0055g00000AdMiNAAB', CreatedBy: { attributes: userAttrs, Username: 'admin@acme.com' }, DelegateUser: null, CreatedByContext: null, CreatedByIssuer: null, ResponsibleNamespacePrefix: null,
    },
    expect: { user: 'admin@acme.com', ip: null, time: Date.UTC(2025, 2, 4, 9, 58, 40), action: 'admin.setting_changed', outcome: 'success', targets: ['Manage Users'] },
  },
  {
    source: SETUP_AUDIT_TRAIL,
    shape: 'SetupAuditTrail row (PermSetAssign)', values: 'synthetic', note: 'Action name as orgs\' Setup Audit Trail exports show it; Display modelled on them.',
    record: {
      attributes: { type: 'SetupAuditTrail', url: '/services/data/v62.0/sobjects/SetupAuditTrail/0Ym5g000004AbCdCAK' },
      Id: '0Ym5g000004AbCdCAK', Action: 'PermSetAssign', Section: 'Manage Users', Display: 'Permission set Modify All: assigned to user Jane Roe (jane.roe@acme.com)', CreatedDate: '2025-03-04T10:02:11.000+0000',
      CreatedById: '0055g00000AdMiNAAB', CreatedBy: { attributes: userAttrs, Username: 'admin@acme.com' }, DelegateUser: null, CreatedByContext: null, CreatedByIssuer: null, ResponsibleNamespacePrefix: null,
    },
    expect: { user: 'admin@acme.com', time: Date.UTC(2025, 2, 4, 10, 2, 11), action: 'admin.role_assigned', outcome: 'success', targets: ['jane.roe@acme.com', 'Modify All'] },
  },
  {
    source: REPORT_EXPORT,
    shape: 'Event Log File row (ReportExport)', values: 'synthetic', note: 'Columns as the Report Export event type lists them; CLIENT_IP, LOGIN_KEY and ORGANIZATION_ID are the page\'s own examples, the rest made up.',
    record: {
      EVENT_TYPE: 'ReportExport', TIMESTAMP: '20250304091522.481', REQUEST_ID: '4exLFFQZ1234abcd', ORGANIZATION_ID: '00D000000000123', USER_ID: '0055g00000AbCdE', RUN_TIME: '1245', CPU_TIME: '311',
      URI: '/00O5g000004ZxA1?export=1&enc=UTF-8&xf=csv', SESSION_KEY: 'vMASKIU6AxEr+Op5', LOGIN_KEY: 'GeJCsym5eyvtEK2I', CLIENT_IP: '96.43.144.26', REPORT_DESCRIPTION: 'Open Opportunities', CLIENT_INFO: 'Mozilla/5.0',
      TIMESTAMP_DERIVED: '2025-03-04T09:15:22.481Z', USER_ID_DERIVED: '0055g00000AbCdEAAZ',
    },
    expect: { user: '0055g00000AbCdEAAZ', ip: '96.43.144.26', time: Date.UTC(2025, 2, 4, 9, 15, 22, 481), action: 'file.downloaded', outcome: 'success', targets: ['00O5g000004ZxA1'] },
  },
  {
    source: LOGIN_EVENT,
    shape: 'Event Log File row (Login, failed)', values: 'synthetic', note: 'Columns as the Login event type lists them; LOGIN_STATUS LOGIN_ERROR_INVALID_PASSWORD is one of its documented codes; RFC 5737 IP.',
    record: {
      EVENT_TYPE: 'Login', TIMESTAMP: '20250304091500.100', REQUEST_ID: '4exLFFQZ1234abce', ORGANIZATION_ID: '00D000000000123', USER_ID: '0055g00000AbCdE', USER_NAME: 'jane.roe@acme.com', CLIENT_IP: '203.0.113.7',
      LOGIN_STATUS: 'LOGIN_ERROR_INVALID_PASSWORD', BROWSER_TYPE: 'Chrome', API_TYPE: '', TLS_PROTOCOL: 'TLSv1.3', URI: '/index.jsp', TIMESTAMP_DERIVED: '2025-03-04T09:15:00.100Z', USER_ID_DERIVED: '0055g00000AbCdEAAZ',
    },
    expect: { user: 'jane.roe@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 0, 100), action: 'user.login_failed', outcome: 'failure', targets: ['/index.jsp'] },
  },
  {
    source: LOGOUT_EVENT,
    shape: 'Event Log File row (Logout)', values: 'synthetic', note: 'Columns as the Logout event type lists them; RFC 5737 IP.',
    record: {
      EVENT_TYPE: 'Logout', TIMESTAMP: '20250304180000.000', REQUEST_ID: '4exLFFQZ1234abcf', ORGANIZATION_ID: '00D000000000123', USER_ID: '0055g00000AbCdE', USER_TYPE: 'Standard',
      SESSION_KEY: 'vMASKIU6AxEr+Op5', LOGIN_KEY: 'GeJCsym5eyvtEK2I', CLIENT_IP: '203.0.113.7', TIMESTAMP_DERIVED: '2025-03-04T18:00:00.000Z', USER_ID_DERIVED: '0055g00000AbCdEAAZ',
    },
    expect: { user: '0055g00000AbCdEAAZ', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 18), action: 'user.logout', outcome: 'success', targets: [] },
  },
];
