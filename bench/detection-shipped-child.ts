// The detection bench's headline pair (bench/detection.ts: ingest alone, then ingest + detection) in a process
// of its own, run from the bundle Parapet ships (bench/shipped-build.ts) instead of through tsx. Prints each
// round's ratio and alert count as one JSON line.
import { MINUTE } from '../src/core/clock.js';
import { detectionWorkload, headlineRound, HEADLINE_ROUNDS, pagesOf, ratioOfRound } from './detection.js';
import { openWarmEnricher } from './warm-enricher.js';

const { users, days, pageSize } = JSON.parse(process.argv[2] ?? '{}') as { users: number; days: number; pageSize: number };
const { activities } = detectionWorkload(users, days);
const pages = pagesOf(activities, pageSize);
const enricher = await openWarmEnricher();
const now = (activities.at(-1)?.time ?? Date.now()) + MINUTE;
const rounds = [];
for (let round = 0; round < HEADLINE_ROUNDS; round++) rounds.push(await headlineRound(pages, undefined, enricher, now));
process.stdout.write(`${JSON.stringify({ ratios: rounds.map(ratioOfRound), alerts: rounds.map((r) => r.raised.length) })}\n`);
