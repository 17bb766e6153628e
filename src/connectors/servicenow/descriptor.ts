import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { ServiceNowConfigSchema, type ServiceNowConfig } from './config.js';

/**
 * ServiceNow: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<ServiceNowConfig>(
  {
    id: 'servicenow',
    displayName: 'ServiceNow',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'sspm'],
    multiInstance: true,
    configSchema: ServiceNowConfigSchema,
    secretFields: ['password', 'clientSecret'],
    prerequisites: [
      'A ServiceNow instance and an admin to set up the connection.',
      'An integration user (System Security → Users, "Web service access only" ticked) with the admin role, or roles whose read ACLs cover sys_user, sys_user_group, sys_user_grmember, sys_user_has_role, sys_user_role, sysevent, sys_audit, syslog_transaction and sys_properties, and write on sys_user.active / sys_user.locked_out for lock-out and deactivation.',
      'Basic auth with that user, or OAuth: an "OAuth API endpoint for external clients" in System OAuth → Application Registry (password grant with the integration user, or client credentials on releases that enable it).',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
