import { describeTenantClock } from '../../sdk/simulator/tenant-clock-contract.js';
import { SalesforceState } from './state.js';

const loginTime = (r: Record<string, unknown>) => Date.parse(String(r.LoginTime).replace('+0000', 'Z'));

describeTenantClock('Salesforce', (options) => new SalesforceState(options), (state) => Math.max(...state.visibleLogins().map(loginTime)));
