import type { SettingsRecord, SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { ServiceNowSession } from '../session.js';

/** The settings document posture reads: the security-relevant system properties by name. */
export const PROPERTIES_KEY = 'sys_properties';
export const POSTURE_PROPERTY_QUERY = 'nameSTARTSWITHglide.security^ORnameSTARTSWITHglide.ui.session^ORnameSTARTSWITHglide.login^ORnameSTARTSWITHglide.authenticate^ORnameSTARTSWITHglide.basicauth^ORnameSTARTSWITHglide.apply.password_policy^ORDERBYname';

/** `sys_properties` (digest §6) as one document: `{properties: {name: value}, types: {name: type}}`. */
export const settingsStream: SnapshotStream<ServiceNowSession, 'settings'> = {
  kind: 'snapshot',
  entity: 'settings',
  async *read(session, runtime) {
    const { client, config } = session;
    const properties = new Map<string, string>();
    const types = new Map<string, string>();
    for await (const rows of client.list('servicenow.properties.list', 'sys_properties', { query: POSTURE_PROPERTY_QUERY, fields: ['sys_id', 'name', 'value', 'type'], limit: config.pageSize }, runtime.signal)) {
      for (const p of rows) {
        const name = str(p.name);
        if (!name || properties.has(name)) continue;
        properties.set(name, typeof p.value === 'string' ? p.value : '');
        types.set(name, str(p.type) ?? 'string');
      }
    }
    const page: SettingsRecord[] = [{ key: PROPERTIES_KEY, value: { properties: Object.fromEntries(properties), types: Object.fromEntries(types) } }];
    yield page;
  },
};
