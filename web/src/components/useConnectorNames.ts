import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { Connector, Items } from '../api/types.js';

/** Connector instance id → its name, for pages whose records carry only the id. */
export function useConnectorNames(): (id: unknown) => string {
  const connectors = useQuery({ queryKey: ['connectors'], queryFn: () => api.get<Items<Connector>>('/connectors'), staleTime: 60_000 });
  const names = new Map((connectors.data?.items ?? []).map((c) => [c.id, c.name]));
  return (id) => (typeof id === 'string' ? (names.get(id) ?? id) : '—');
}
