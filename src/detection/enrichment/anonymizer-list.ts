import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';

/**
 * `vpn`, `relay` and `hosting` hide where a person is (anonymous-IP reads them); `cloud`, `mobile`,
 * `secure-proxy` and `inflight` do not hide anyone, but their addresses geolocate to a gateway, not to the
 * person (impossible travel reads them).
 */
export const NetworkKindSchema = z.enum(['vpn', 'relay', 'hosting', 'cloud', 'mobile', 'secure-proxy', 'inflight']);
/** Network kinds that hide the person (an anonymiser). */
export const ANONYMISING_NETWORK_KINDS = ['vpn', 'relay', 'hosting'] as const;
export type NetworkKind = z.infer<typeof NetworkKindSchema>;

export const NetworkEntrySchema = z.object({
  asn: z.number().int().positive(),
  asOrg: z.string().min(1),
  name: z.string().min(1),
  kind: NetworkKindSchema,
  basis: z.string().min(1),
  source: z.string().url(),
});
export type NetworkEntry = z.infer<typeof NetworkEntrySchema>;

const ListSchema = z.object({ version: z.string(), entries: z.array(NetworkEntrySchema) });

/** The curated list of VPN, relay, hosting and cloud ASNs shipped in `data/` (README.md there). */
export interface NetworkList {
  version: string;
  byAsn: ReadonlyMap<number, NetworkEntry>;
}

// Read from the sources (not beside this module): the compiled tree bundles modules into chunks elsewhere.
export const BUILTIN_NETWORK_LIST_PATH = join(PACKAGE_ROOT, 'src', 'detection', 'enrichment', 'data', 'anonymizer-asns.json');

export function loadNetworkList(path: URL | string = BUILTIN_NETWORK_LIST_PATH): NetworkList {
  let parsed: z.infer<typeof ListSchema>;
  try {
    parsed = ListSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ConfigError(`The anonymiser network list ${String(path)} is not valid: ${(error as Error).message}`, { cause: error });
  }
  return { version: parsed.version, byAsn: new Map(parsed.entries.map((e) => [e.asn, e])) };
}
