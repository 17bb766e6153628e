import { CAPABILITY_LEGEND, capabilityCell } from '../../connectors/docs.js';
import { SEED_EXCEPTIONS, SEED_SOURCE, seedCapabilities, seedRowFor } from '../../connectors/seed-capabilities.js';
import { CAPABILITIES, type AnyConnector, type Capability } from '../../connectors/sdk/define-connector.js';

/** `parapet connectors --available`: each provider's capabilities, ours and the seed's (MDCA's), side by side. */

type Listed = Pick<AnyConnector, 'id' | 'displayName' | 'multiInstance' | 'capabilities'>;

/** Short column headers, so ten capability columns fit a terminal. */
const SHORT: Record<Capability, string> = {
  accounts: 'accounts',
  groups: 'groups',
  privileges: 'privs',
  logOnActivity: 'logon',
  userActivity: 'userAct',
  adminActivity: 'adminAct',
  userGovernance: 'userGov',
  viewAppPermissions: 'viewApps',
  revokeAppPermissions: 'revokeApps',
  sspm: 'sspm',
};

export function availableRows(list: readonly Listed[]): Record<string, unknown>[] {
  return list.map((c) => ({
    provider: c.id,
    name: c.displayName,
    ...Object.fromEntries(CAPABILITIES.map((cap) => [SHORT[cap], capabilityCell(c, cap)])),
  }));
}

export function availableFooter(list: readonly Listed[]): string {
  const exceptions = list.flatMap((c) => Object.entries(SEED_EXCEPTIONS[c.id] ?? {}).map(([cap, why]) => `  ${c.id} ${cap}: ${why}\n`));
  return [
    `\n${CAPABILITY_LEGEND.replace(/`/g, '')}\n`,
    `Seed: ${SEED_SOURCE.repository} ${SEED_SOURCE.path} (ms.date ${SEED_SOURCE.date}).\n`,
    ...(exceptions.length ? ['Less than the seed, on purpose:\n', ...exceptions] : []),
  ].join('');
}

export function availableJson(list: readonly Listed[]): Record<string, unknown>[] {
  return list.map((c) => ({
    provider: c.id,
    name: c.displayName,
    multiInstance: c.multiInstance,
    capabilities: [...c.capabilities],
    mdca: { listedAs: seedRowFor(c.id).mdcaName, capabilities: seedCapabilities(c.id), cells: seedRowFor(c.id).cells },
    exceptions: SEED_EXCEPTIONS[c.id] ?? {},
  }));
}
