import type { BoxClient, BoxObject } from '../client.js';
import { boxTime, dedupe } from './event-cursor.js';

/**
 * Enterprise events of some types from the last `lookbackMs`, to the end of the stream, each once: what the
 * inventory streams derive external collaborators and authorised apps from. The lookback counts back from
 * Box's clock (`localNow` only when Box sends no Date): Box decides which events it still holds. `event_type`
 * is one comma-separated parameter.
 */
export async function eventsOfTypes(client: BoxClient, types: readonly string[], lookbackMs: number, limit: number, localNow: number, signal?: AbortSignal): Promise<BoxObject[]> {
  const since = ((await client.serverNow(signal)) ?? localNow) - lookbackMs;
  const out: BoxObject[] = [];
  let position = '0';
  let seen: string[] = [];
  for (;;) {
    const page = await client.events({ stream_position: position, created_after: boxTime(since), event_type: types.join(','), limit }, signal);
    const kept = dedupe(page.entries, seen);
    seen = kept.seen;
    for (const e of kept.fresh) if (e && typeof e === 'object' && !Array.isArray(e)) out.push(e as BoxObject);
    if (page.entries.length === 0 || page.next_stream_position === position) return out;
    position = page.next_stream_position;
  }
}
