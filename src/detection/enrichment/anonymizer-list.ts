import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';

export const NetworkKindSchema = z.enum(['vpn', 'relay', 'hosting', 'cloud']);
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

export const BUILTIN_NETWORK_LIST_URL = new URL('./data/anonymizer-asns.json', import.meta.url);

export function loadNetworkList(path: URL | string = BUILTIN_NETWORK_LIST_URL): NetworkList {
  let parsed: z.infer<typeof ListSchema>;
  try {
    parsed = ListSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ConfigError(`The anonymiser network list ${String(path)} is not valid: ${(error as Error).message}`, { cause: error });
  }
  return { version: parsed.version, byAsn: new Map(parsed.entries.map((e) => [e.asn, e])) };
}
