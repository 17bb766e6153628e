import type { Place } from '../../sdk/simulator/places.js';
import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { elfTimestamp, sfId, sfTime } from './ids.js';
import type { Row, SimUser, Tenant } from './tenant.js';

/** One Event Monitoring event, filed into the Event Log File of its type and UTC day. */
export interface ElfEvent {
  type: 'ReportExport' | 'Report' | 'Logout';
  at: number;
  columns: Record<string, string>;
}

/** Column order of each file type the simulator writes (Salesforce's own order for these types). */
export const ELF_COLUMNS: Record<ElfEvent['type'], readonly string[]> = {
  ReportExport: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'CLIENT_IP', 'REPORT_DESCRIPTION', 'CLIENT_INFO', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED'],
  Report: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'REPORT_ID', 'ROW_COUNT', 'CLIENT_IP', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'REPORT_ID_DERIVED'],
  Logout: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'USER_TYPE', 'SESSION_KEY', 'LOGIN_KEY', 'CLIENT_IP', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED'],
};

export const REPORTS = [
  { id: '00O5g000004ZxA1EAK', name: 'Open Matters by Partner' },
  { id: '00O5g000004ZxB2EAK', name: 'Pipeline This Quarter' },
  { id: '00O5g000004ZxC3EAK', name: 'Billing Aging' },
  { id: '00O5g000004ZxD4EAK', name: 'Client Contacts - All' },
  { id: '00O5g000004ZxE5EAK', name: 'Won Opportunities FY' },
];

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function randomKey(rng: SeededRandom, length = 16): string {
  return Array.from({ length }, () => CHARS[rng.int(0, CHARS.length - 1)]).join('');
}

/** Browser and platform as LoginHistory words them, from a user agent. */
export function browserOf(ua: string): { browser: string; platform: string } {
  const browser = /Edg\//.test(ua) ? 'Edge 124' : /Firefox\//.test(ua) ? 'Firefox 125' : /Chrome\//.test(ua) ? 'Chrome 124' : /Safari\//.test(ua) ? 'Safari 17' : 'Unknown';
  const platform = /Windows/.test(ua) ? 'Windows 10' : /Mac OS X/.test(ua) ? 'Mac OSX' : /iPhone|iOS/.test(ua) ? 'iPhone' : 'Unknown';
  return { browser, platform };
}

export interface LoginSpec {
  at: number;
  user: SimUser;
  ip: string;
  place: Place;
  status?: string;
  loginType?: string;
  application?: string;
  ua?: string;
}

export function loginRow(t: Tenant, spec: LoginSpec, serial: number): Row {
  const id = sfId('0Ya', serial);
  const geoId = sfId('04F', serial);
  const { browser, platform } = spec.loginType === 'Remote Access 2.0' ? { browser: 'Unknown', platform: 'iPhone' } : browserOf(spec.ua ?? spec.user.person?.userAgent ?? '');
  const title = (s: string) => s.replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase());
  return {
    attributes: { type: 'LoginHistory', url: `/services/data/v62.0/sobjects/LoginHistory/${id}` },
    Id: id, UserId: spec.user.id, LoginTime: sfTime(spec.at), LoginType: spec.loginType ?? 'Application', Status: spec.status ?? 'Success', SourceIp: spec.ip,
    LoginUrl: t.myDomain, Application: spec.application ?? 'Browser', Browser: browser, Platform: platform, ApiType: null, ApiVersion: 'N/A', ClientVersion: 'N/A',
    AuthenticationServiceId: null, CountryIso: spec.place.countryIso, CipherSuite: 'ECDHE-RSA-AES256-GCM-SHA384', TlsProtocol: 'TLS 1.3', LoginGeoId: geoId,
    LoginGeo: { attributes: { type: 'LoginGeo', url: `/services/data/v62.0/sobjects/LoginGeo/${geoId}` }, CountryIso: spec.place.countryIso, City: title(spec.place.city), Subdivision: title(spec.place.state), Latitude: spec.place.latitude, Longitude: spec.place.longitude },
  };
}

export function auditRow(by: SimUser, at: number, action: string, section: string, display: string, serial: number, delegate: string | null = null): Row {
  const id = sfId('0Ym', serial);
  return {
    attributes: { type: 'SetupAuditTrail', url: `/services/data/v62.0/sobjects/SetupAuditTrail/${id}` },
    Id: id, Action: action, Section: section, Display: display, CreatedDate: sfTime(at), CreatedById: by.id,
    CreatedBy: { attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${by.id}` }, Username: by.username, Name: by.name },
    DelegateUser: delegate, CreatedByContext: null, CreatedByIssuer: null, ResponsibleNamespacePrefix: null,
  };
}

export function elfEvent(t: Tenant, type: ElfEvent['type'], user: SimUser, at: number, ip: string, rng: SeededRandom, session: string): ElfEvent {
  const report = rng.pick(REPORTS);
  const base: Record<string, string> = {
    EVENT_TYPE: type, TIMESTAMP: elfTimestamp(at), REQUEST_ID: randomKey(rng, 18), ORGANIZATION_ID: t.orgId.slice(0, 15), USER_ID: user.id.slice(0, 15),
    SESSION_KEY: session, LOGIN_KEY: session.slice(0, 16), CLIENT_IP: ip, TIMESTAMP_DERIVED: new Date(at).toISOString(), USER_ID_DERIVED: user.id,
  };
  if (type === 'ReportExport') Object.assign(base, { RUN_TIME: String(rng.int(300, 4000)), CPU_TIME: String(rng.int(50, 900)), URI: `/${report.id.slice(0, 15)}?export=1&enc=UTF-8&xf=csv`, REPORT_DESCRIPTION: report.name, CLIENT_INFO: 'Mozilla/5.0' });
  if (type === 'Report') Object.assign(base, { RUN_TIME: String(rng.int(100, 2000)), CPU_TIME: String(rng.int(20, 400)), URI: `/lightning/r/Report/${report.id}/view`, REPORT_ID: report.id.slice(0, 15), ROW_COUNT: String(rng.int(5, 800)), REPORT_ID_DERIVED: report.id });
  if (type === 'Logout') Object.assign(base, { USER_TYPE: 'Standard' });
  return { type, at, columns: base };
}
