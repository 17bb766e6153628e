import type { FastifyInstance } from 'fastify';
import { REPORT_APPLICATIONS } from '../../config.js';
import { compareQualifier, type SimulatorState } from '../state.js';
import { sendGoogleError } from '../wire.js';
import { authorize, REPORTS_READ } from './directory.js';

/** `A:{timeUsec}:{uniqueQualifier}` — the position after which the next page starts (newest first). */
function positionOf(token: string): { time: number; uq: string } | null {
  const m = /^A:(\d+):(-?\d+)$/.exec(token);
  return m ? { time: Math.floor(Number(m[1]) / 1000), uq: m[2] as string } : null;
}

/**
 * Reports `activities.list`: one application's events in [startTime, endTime] (endTime defaults to now),
 * newest first, `maxResults` (1–1000) a page with `nextPageToken`; only events Google has ready (late ones
 * appear later); no `items` key when empty. The `Date` header is the tenant's clock.
 */
export function reportsRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.get('/admin/reports/v1/activity/users/:userKey/applications/:applicationName', async (req, reply) => {
    if (!authorize(state, req, reply, REPORTS_READ)) return reply;
    const { userKey, applicationName } = req.params as { userKey: string; applicationName: string };
    const q = req.query as Record<string, string | undefined>;
    if (!(REPORT_APPLICATIONS as readonly string[]).includes(applicationName)) return sendGoogleError(reply, 400, 'invalid', `Invalid value '${applicationName}'. Values must match the following regular expression: '(access_transparency)|(admin)|...'`);
    const now = state.now();
    reply.header('date', new Date(now).toUTCString());
    const start = q.startTime ? Date.parse(q.startTime) : now - 180 * 86_400_000;
    const end = q.endTime ? Date.parse(q.endTime) : now;
    if (Number.isNaN(start) || Number.isNaN(end)) return sendGoogleError(reply, 400, 'invalid', 'Invalid value for startTime or endTime: use RFC 3339, e.g. 2010-10-28T10:26:35.000Z');
    if (start > end) return sendGoogleError(reply, 400, 'invalid', 'Start time must be less than or equal to the end time.');
    if (start > now) return sendGoogleError(reply, 400, 'invalid', 'Start time must be less than or equal to the current time.');
    const max = Number(q.maxResults ?? 1000);
    if (!Number.isInteger(max) || max < 1 || max > 1000) return sendGoogleError(reply, 400, 'invalid', 'Invalid value for maxResults: it must be between 1 and 1000.');
    const size = Math.min(max, state.pageSize);
    const after = q.pageToken ? positionOf(q.pageToken) : null;
    if (q.pageToken && !after) return sendGoogleError(reply, 400, 'invalid', 'Invalid value for pageToken');
    let events = state.visible(applicationName, start, Math.min(end, now));
    if (userKey !== 'all') events = events.filter((e) => (e.record.actor as { email?: string; profileId?: string }).email === userKey.toLowerCase() || (e.record.actor as { profileId?: string }).profileId === userKey);
    if (after) events = events.filter((e) => e.time < after.time || (e.time === after.time && compareQualifier(e.uniqueQualifier, after.uq) < 0));
    const slice = events.slice(0, size);
    const last = slice[slice.length - 1];
    const more = events.length > size && last;
    return {
      kind: 'admin#reports#activities',
      etag: `"${now.toString(36)}/${slice.length}"`,
      ...(slice.length ? { items: slice.map((e) => e.record) } : {}),
      ...(more ? { nextPageToken: `A:${last.time * 1000}:${last.uniqueQualifier}` } : {}),
    };
  });
}
