import { describeTenantClock } from '../../sdk/simulator/tenant-clock-contract.js';
import { AtlassianState } from './state.js';

describeTenantClock('Atlassian', (options) => new AtlassianState(options), (state) => Math.max(...state.visible().map((e) => e.at)));
