import { DAY, HOUR } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { DEMO_ORGANISATION, workforce, type Person } from '../../sdk/simulator/workforce.js';
import { WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';
import { glideTime } from '../client.js';
import type { Row } from './query.js';

/** sys_ids are 32 lowercase hex characters (digest §4). */
export function sysId(rng: SeededRandom): string {
  let id = '';
  while (id.length < 32) id += rng.int(0, 15).toString(16);
  return id;
}

/** Reference fields of each table and the table they point to (for dot-walking and `{link,value}` objects). */
export const REFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sys_user_has_role: { user: 'sys_user', role: 'sys_user_role', granted_by: 'sys_user_group' },
  sys_user_grmember: { user: 'sys_user', group: 'sys_user_group' },
  sys_user_group: { manager: 'sys_user' },
  sys_user: { manager: 'sys_user' },
};

const SYS = ['sys_id', 'sys_created_on', 'sys_created_by', 'sys_updated_on', 'sys_updated_by', 'sys_mod_count'];

/** Columns of each table the simulator serves (what `sysparm_fields` and queries may name). */
export const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  sys_user: [...SYS, 'user_name', 'email', 'first_name', 'last_name', 'name', 'active', 'locked_out', 'last_login_time', 'failed_attempts', 'source', 'web_service_access_only', 'internal_integration_user', 'manager', 'user_password'],
  sys_user_role: [...SYS, 'name', 'description', 'elevated_privilege'],
  sys_user_group: [...SYS, 'name', 'description', 'active', 'manager', 'type'],
  sys_user_grmember: [...SYS, 'user', 'group'],
  sys_user_has_role: [...SYS, 'user', 'role', 'inherited', 'granted_by', 'state'],
  sysevent: [...SYS, 'name', 'parm1', 'parm2', 'instance', 'state', 'queue', 'table', 'uri', 'processed'],
  sys_audit: ['sys_id', 'sys_created_on', 'sys_created_by', 'tablename', 'documentkey', 'fieldname', 'oldvalue', 'newvalue', 'user', 'reason', 'record_checkpoint', 'internal_checkpoint'],
  sys_properties: [...SYS, 'name', 'value', 'type', 'description'],
  syslog_transaction: [...SYS, 'url', 'type', 'response_time', 'client_transaction', 'remote_ip', 'session'],
};

/** Tables that hold secrets a Table API read never shows (a password field reads back empty). */
export const HIDDEN_FIELDS: ReadonlySet<string> = new Set(['user_password']);

export interface SimUser {
  index: number;
  /** null for the integration user. */
  person: Person | null;
  row: Row;
}

export type Tables = Record<string, Row[]>;

/** The instance as it stood 30 days before `now`: history and scenarios then change it. */
export interface ServiceNowTenant {
  instance: string;
  domain: string;
  tables: Tables;
  users: SimUser[];
  roles: Record<string, Row>;
  groups: Record<string, Row>;
  integration: { userName: string; password: string; clientId: string; clientSecret: string };
  adminIndex: number;
  leaverIndex: number;
  rng: SeededRandom;
}

export const LEAVER_INDEX = WORKFORCE_LEAVER_INDEX;
/** The attacker of the security_admin elevation: an admin (not security_admin) of the instance. */
export const ELEVATION_INDEX = 1;

const ROLES: [string, string, boolean][] = [
  ['admin', 'Administrator: full access to the instance', false],
  ['security_admin', 'Security administrator: ACLs and security properties (elevated privilege)', true],
  ['user_admin', 'Manages users, groups and roles', false],
  ['itil', 'Fulfiller: incidents, problems and changes', false],
  ['knowledge', 'Knowledge base contributor', false],
  ['catalog_admin', 'Service catalog administrator', false],
  ['impersonator', 'May impersonate other users', false],
  ['snc_platform_rest_api_access', 'May use the REST APIs', false],
];

/** The security properties of digest §6, hardened (every posture check passes). */
export const SEEDED_PROPERTIES: [string, string, string][] = [
  ['glide.ui.session_timeout', '30', 'integer'],
  ['glide.security.use_csrf_token', 'true', 'true | false'],
  ['glide.login.no_blank_password', 'true', 'true | false'],
  ['glide.authenticate.multifactor', 'true', 'true | false'],
  ['glide.security.strict_elevate_privilege', 'true', 'true | false'],
  ['glide.basicauth.required.scriptedprocessor', 'true', 'true | false'],
  ['glide.apply.password_policy.on_login', 'true', 'true | false'],
  ['glide.security.file.mime_type.validation', 'true', 'true | false'],
  ['glide.ui.user_cookie_life_span_in_days', '30', 'integer'],
];

export function buildTenant(seed: number, now: number): ServiceNowTenant {
  const rng = new SeededRandom(mixSeed(seed, 0x5e4));
  const people = workforce({ seed, domain: DEMO_ORGANISATION.domain });
  const installed = now - 600 * DAY;
  const t = (ms: number) => glideTime(ms);
  const tables: Tables = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, [] as Row[]]));
  const sys = (at: number, by: string) => ({ sys_id: sysId(rng), sys_created_on: t(at), sys_created_by: by, sys_updated_on: t(at), sys_updated_by: by, sys_mod_count: '0' });

  const roles: Record<string, Row> = {};
  for (const [name, description, elevated] of ROLES) {
    const row = { ...sys(installed, 'system'), name, description, elevated_privilege: String(elevated) };
    roles[name] = row;
    tables.sys_user_role?.push(row);
  }

  const users: SimUser[] = people.map((person) => {
    const created = now - 400 * DAY + rng.int(0, 300) * DAY + rng.int(0, 23) * HOUR;
    const userName = person.email.slice(0, person.email.indexOf('@'));
    const row: Row = { ...sys(created, 'admin'), user_name: userName, email: person.email, first_name: person.firstName, last_name: person.lastName, name: `${person.firstName} ${person.lastName}`, active: 'true', locked_out: 'false', last_login_time: '', failed_attempts: '0', source: '', web_service_access_only: 'false', internal_integration_user: 'false', manager: '', user_password: '' };
    tables.sys_user?.push(row);
    return { index: person.index, person, row };
  });
  const integration = { userName: 'svc.parapet', password: `Pw-${sysId(rng).slice(0, 20)}`, clientId: sysId(rng), clientSecret: `cs-${sysId(rng).slice(0, 24)}` };
  const svc: Row = { ...sys(now - 90 * DAY, 'admin'), user_name: integration.userName, email: '', first_name: 'Parapet', last_name: 'Integration', name: 'Parapet Integration', active: 'true', locked_out: 'false', last_login_time: '', failed_attempts: '0', source: '', web_service_access_only: 'true', internal_integration_user: 'false', manager: '', user_password: '' };
  tables.sys_user?.push(svc);
  const svcUser: SimUser = { index: -1, person: null, row: svc };
  users.push(svcUser);

  const groups: Record<string, Row> = {};
  const createdAt = (u: SimUser) => Date.parse(`${(u.row.sys_created_on ?? '').replace(' ', 'T')}Z`);
  const group = (name: string, description: string, members: SimUser[], type = '') => {
    const row: Row = { ...sys(installed + DAY, 'admin'), name, description, active: 'true', manager: users[0]?.row.sys_id ?? '', type };
    groups[name] = row;
    tables.sys_user_group?.push(row);
    for (const m of members) tables.sys_user_grmember?.push({ ...sys(Math.max(installed + DAY, createdAt(m)), 'admin'), user: m.row.sys_id ?? '', group: row.sys_id ?? '' });
    return row;
  };
  const staff = users.filter((u) => u.person);
  const serviceDesk: Row = group('Service Desk', 'First-line support', staff.filter((u) => u.index % 4 === 2), 'itil');
  group('IT Administrators', 'Instance administrators', staff.filter((u) => [0, 1, 21].includes(u.index)));
  group('Legal Operations', 'Matter intake and legal operations', staff.filter((u) => u.index % 3 === 0));
  group('Finance Approvers', 'Approve purchase requests', staff.filter((u) => u.index % 5 === 1));

  const grant = (u: SimUser, role: string, at: number, by: string, via?: Row) => {
    const row: Row = { ...sys(at, by), user: u.row.sys_id ?? '', role: roles[role]?.sys_id ?? '', inherited: String(Boolean(via)), granted_by: via?.sys_id ?? '', state: 'active' };
    tables.sys_user_has_role?.push(row);
    return row;
  };
  const at = (u: SimUser) => createdAt(u) + HOUR;
  const admin = users[0] as SimUser;
  grant(admin, 'admin', installed + DAY, 'system');
  grant(admin, 'security_admin', installed + DAY, 'system');
  grant(users[ELEVATION_INDEX] as SimUser, 'admin', installed + 40 * DAY, 'alex.morgan');
  grant(users[21] as SimUser, 'user_admin', installed + 60 * DAY, 'alex.morgan');
  grant(svcUser, 'admin', now - 90 * DAY, 'alex.morgan');
  grant(svcUser, 'snc_platform_rest_api_access', now - 90 * DAY, 'alex.morgan');
  for (const u of staff) {
    if (u.index % 4 === 2) grant(u, 'itil', at(u), 'admin', serviceDesk);
    else if (u.index % 3 === 0) grant(u, 'knowledge', at(u), 'admin');
  }

  for (const [name, value, type] of SEEDED_PROPERTIES) tables.sys_properties?.push({ ...sys(installed, 'system'), name, value, type, description: '' });

  return { instance: 'northwind', domain: DEMO_ORGANISATION.domain, tables, users, roles, groups, integration, adminIndex: 0, leaverIndex: LEAVER_INDEX, rng };
}
