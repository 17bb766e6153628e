import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in Salesforce's records (checked by the fidelity test). */
export const salesforceFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'LoginHistory row (SOQL `records[]`)',
    fields: { user: ['UserId'], ip: ['SourceIp'], time: ['LoginTime'], action: ['Status'], outcome: ['Status'], targets: [] },
    notes: 'The e-mail comes from the accounts inventory by UserId (LoginHistory has none). `Status` is `Success` or the failure in words. Geo from `LoginGeo` (provider).',
  },
  {
    shape: 'SetupAuditTrail row (SOQL `records[]`)',
    fields: { user: ['CreatedById', 'CreatedBy.Username'], ip: [], time: ['CreatedDate'], action: ['Action'], outcome: [], targets: ['Display', 'Section'] },
    notes: 'No IP. Targets are read from the `Display` sentence (user, permission set, connected app, OAuth scopes). Every row is a completed change: the outcome is success. `DelegateUser` (Login-As) becomes the impersonator.',
  },
  {
    shape: 'Event Log File CSV row (one row of `/sobjects/EventLogFile/{id}/LogFile`)',
    fields: { user: ['USER_ID_DERIVED', 'USER_ID', 'USER_NAME'], ip: ['CLIENT_IP', 'SOURCE_IP'], time: ['TIMESTAMP_DERIVED', 'TIMESTAMP'], action: ['EVENT_TYPE', 'LOGIN_STATUS'], outcome: ['LOGIN_STATUS'], targets: ['REPORT_ID_DERIVED', 'URI'] },
    notes: 'Cells are strings. The source id is `EVENT_TYPE:REQUEST_ID`. ReportExport rows are file downloads (the report leaves the org as a file).',
  },
];
