export interface MapPoint {
  lat: number;
  lon: number;
  label: string;
}

/** The places a travel alert names: `details.from` / `details.to` (impossible travel) or `details.locations`. */
export function travelPoints(details: Record<string, unknown>): MapPoint[] {
  const candidates: unknown[] = [];
  if (details.from) candidates.push(details.from);
  if (details.to) candidates.push(details.to);
  if (Array.isArray(details.locations)) candidates.push(...details.locations);
  const points: MapPoint[] = [];
  for (const c of candidates) {
    if (!c || typeof c !== 'object') continue;
    const l = c as Record<string, unknown>;
    if (typeof l.lat !== 'number' || typeof l.lon !== 'number') continue;
    const place = [l.city, l.country].filter((v) => typeof v === 'string' && v).join(', ');
    points.push({ lat: l.lat, lon: l.lon, label: [place || `${l.lat.toFixed(1)}, ${l.lon.toFixed(1)}`, typeof l.ip === 'string' ? l.ip : null].filter(Boolean).join(' · ') });
  }
  return points;
}
