import type { AnyConnector } from './sdk/define-connector.js';
import type { AnyDescriptor } from './sdk/descriptor.js';
import type { ConnectorRegistry } from './sdk/registry-of.js';
import atlassian from './atlassian/descriptor.js';
import box from './box/descriptor.js';
import docusign from './docusign/descriptor.js';
import dropbox from './dropbox/descriptor.js';
import github from './github/descriptor.js';
import googleWorkspace from './google-workspace/descriptor.js';
import microsoft365 from './microsoft365/descriptor.js';
import okta from './okta/descriptor.js';
import salesforce from './salesforce/descriptor.js';
import servicenow from './servicenow/descriptor.js';
import slack from './slack/descriptor.js';
import zoom from './zoom/descriptor.js';

/**
 * The one list of connectors, as descriptors: what listing needs (id, name, capabilities, config schema,
 * prerequisites), each with its implementation behind a dynamic import. Commands that only list touch these;
 * `loadConnector` / `loadAllConnectors` import implementations on demand (registry.ts loads them all for code
 * that wants them at hand). A new provider is one line here.
 */
export const descriptors: readonly AnyDescriptor[] = [docusign, microsoft365, okta, googleWorkspace, github, slack, salesforce, box, dropbox, zoom, atlassian, servicenow];

export interface ConnectorCatalog {
  get(provider: string): AnyDescriptor | undefined;
  list(): readonly AnyDescriptor[];
}

export const catalog: ConnectorCatalog = {
  get: (provider) => descriptors.find((d) => d.id === provider),
  list: () => descriptors,
};

/** One connector's implementation, imported on first use; undefined for an unknown provider id. */
export async function loadConnector(provider: string): Promise<AnyConnector | undefined> {
  return catalog.get(provider)?.load();
}

/** Every connector's implementation, in the catalog's order (tests, conformance, docs generation, `serve`). */
export function loadAllConnectors(): Promise<readonly AnyConnector[]> {
  return Promise.all(descriptors.map((d) => d.load()));
}

/**
 * A registry holding only some providers' implementations, loading another when `load` asks for it. A CLI
 * command loads those of the stored connections: importing all twelve costs every process start 0.2–0.3 s of
 * CPU, and a command (a sync, a kill test's restart) usually needs one.
 */
export async function registryOfProviders(providers: Iterable<string>): Promise<ConnectorRegistry> {
  const loaded = new Map<string, AnyConnector>();
  const load = async (provider: string): Promise<AnyConnector | undefined> => {
    const connector = loaded.get(provider) ?? (await loadConnector(provider));
    if (connector) loaded.set(provider, connector);
    return connector;
  };
  await Promise.all([...new Set(providers)].map(load));
  return {
    get: (provider) => loaded.get(provider),
    list: () => descriptors.flatMap((d) => loaded.get(d.id) ?? []),
    load,
  };
}

/** The provider ids, for messages such as "Available: docusign, microsoft365, ...". */
export const providerIds = (): string => descriptors.map((d) => d.id).join(', ');
