import { Loader, Text, useComputedColorScheme } from '@mantine/core';
import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { useEffect, useState } from 'react';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { MapPoint } from '../lib/travel.js';

const WIDTH = 800;
const HEIGHT = 420;

/** World map from shipped geometry (world-atlas 110m, loaded on demand), no tile server: the places and the great-circle between them. */
export function TravelMap({ points }: { points: MapPoint[] }) {
  const [land, setLand] = useState<GeoPermissibleObjects | null>(null);
  const [failed, setFailed] = useState(false);
  const dark = useComputedColorScheme('light') === 'dark';
  useEffect(() => {
    let live = true;
    import('world-atlas/countries-110m.json')
      .then((mod) => {
        const topology = (mod.default ?? mod) as unknown as Topology<{ countries: GeometryCollection }>;
        if (live) setLand(feature(topology, topology.objects.countries));
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  if (failed) return <Text c="red">The world map could not be loaded.</Text>;
  if (!land) return <Loader size="sm" />;
  const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
  const path = geoPath(projection);
  const route: GeoPermissibleObjects | null = points.length > 1 ? { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } : null;
  const description = `Map of ${points.length} locations: ${points.map((p) => p.label).join(' then ')}`;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" style={{ maxWidth: 860, display: 'block', margin: '0 auto' }} role="img" aria-label={description} data-testid="travel-map">
      <title>{description}</title>
      <path d={path({ type: 'Sphere' }) ?? ''} fill={dark ? '#1a1b1e' : '#eef5fb'} stroke={dark ? '#373a40' : '#ced4da'} />
      <path d={path(land) ?? ''} fill={dark ? '#373a40' : '#dee2e6'} stroke={dark ? '#25262b' : '#fff'} strokeWidth={0.5} />
      {route && <path d={path(route) ?? ''} fill="none" stroke="#fa5252" strokeWidth={2} strokeDasharray="6 4" />}
      {points.map((p, i) => {
        const xy = projection([p.lon, p.lat]);
        if (!xy) return null;
        return (
          <g key={`${p.label}-${i}`}>
            <circle cx={xy[0]} cy={xy[1]} r={6} fill={i === 0 ? '#228be6' : '#fa5252'} stroke="#fff" strokeWidth={1.5} />
            <text x={xy[0] + 9} y={xy[1] + 4} fontSize={13} fontWeight={600} fill={dark ? '#f1f3f5' : '#212529'} stroke={dark ? '#1a1b1e' : '#fff'} strokeWidth={3} paintOrder="stroke">
              {i + 1}. {p.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
