import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import type { AuthProvider, HttpClient } from '../sdk/http-client.js';
import type { DropboxConfig, DropboxEndpoints } from './config.js';
import { explainDropboxTag, readDropboxError } from './http-policy.js';
import { dateHeaderTime } from '../sdk/date-header.js';

type Json = Record<string, unknown>;

/** Routes that change the team; every other route only reads (a governance dry run still sends those). */
const WRITE_ROUTE = /\/(suspend|unsuspend|revoke_[a-z_]+|set_admin_permissions[a-z_0-9]*)$/;

const EventsPageSchema = z.looseObject({
  events: z.array(z.record(z.string(), z.unknown())).default([]),
  cursor: z.string(),
  has_more: z.boolean(),
});
export type EventsPage = z.infer<typeof EventsPageSchema>;

const ObjectSchema = z.record(z.string(), z.unknown());

/** The time filter of `team_log/get_events` (ISO 8601 `Z` seconds; start inclusive, end exclusive). */
export interface EventsQuery {
  limit: number;
  startTime?: string | undefined;
  endTime?: string | undefined;
  category?: string | undefined;
}

/** What `get_events/continue` answered: a page, or `reset` with the time to restart from, or `bad_cursor`. */
export type ContinueResult = { kind: 'page'; page: EventsPage } | { kind: 'reset'; startTime: string | null } | { kind: 'bad_cursor' };

/** Dropbox's RPC API: every route is a POST of a JSON argument to `/2/{namespace}/{route}`. */
export class DropboxClient {
  constructor(
    private readonly http: HttpClient,
    private readonly auth: AuthProvider,
    readonly config: DropboxConfig,
    readonly endpoints: DropboxEndpoints,
  ) {}

  /** Calls one route (`team/members/list_v2`); `arg` null for routes without an argument. */
  async rpc(route: string, arg: unknown, signal?: AbortSignal): Promise<Json> {
    const readOnly = !WRITE_ROUTE.test(route);
    const { body } = await this.http.json({ operation: `dropbox.${route.replaceAll('/', '.')}`, method: 'POST', url: `${this.endpoints.rpc}/${route}`, json: arg, auth: this.auth, readOnly }, z.union([ObjectSchema, z.null()]), signal);
    return body ?? {};
  }

  /**
   * Dropbox's clock, from the Date header of `team/get_info`: a first sync counts its default 7 days back
   * from it. Null when the header is missing.
   */
  async serverTime(signal?: AbortSignal): Promise<number | null> {
    const response = await this.http.request({ operation: 'dropbox.team.get_info', method: 'POST', url: `${this.endpoints.rpc}/team/get_info`, json: null, auth: this.auth, readOnly: true }, signal);
    return dateHeaderTime(response);
  }

  async getEvents(query: EventsQuery, signal?: AbortSignal): Promise<EventsPage> {
    const time: Json = {};
    if (query.startTime) time.start_time = query.startTime;
    if (query.endTime) time.end_time = query.endTime;
    const arg: Json = { limit: query.limit, ...(Object.keys(time).length ? { time } : {}), ...(query.category ? { category: { '.tag': query.category } } : {}) };
    const { body } = await this.http.json({ operation: 'dropbox.team_log.get_events', method: 'POST', url: `${this.endpoints.rpc}/team_log/get_events`, json: arg, auth: this.auth, readOnly: true }, EventsPageSchema, signal);
    return body;
  }

  /** The next page after `cursor`; Dropbox's 409 `reset` and `bad_cursor` come back as answers the stream acts on. */
  async continueEvents(cursor: string, signal?: AbortSignal): Promise<ContinueResult> {
    const { body, response } = await this.http.json(
      { operation: 'dropbox.team_log.get_events.continue', method: 'POST', url: `${this.endpoints.rpc}/team_log/get_events/continue`, json: { cursor }, auth: this.auth, accept: [409], readOnly: true },
      ObjectSchema,
      signal,
    );
    if (response.status === 409) {
      const { tag, summary, error } = readDropboxError(response.text);
      if (tag === 'reset') return { kind: 'reset', startTime: typeof error?.reset === 'string' ? error.reset : null };
      if (tag === 'bad_cursor') return { kind: 'bad_cursor' };
      throw new ProviderError(`dropbox.team_log.get_events.continue: Dropbox answered HTTP 409 ${summary ?? tag ?? '(no error summary)'}.${explainDropboxTag(tag, null) ?? ''}`, { status: 409, providerCode: tag });
    }
    return { kind: 'page', page: EventsPageSchema.parse(body) };
  }

  /**
   * Every item of a cursor-paged list: `route` with `arg`, then `continueRoute` with `{cursor}` while
   * `has_more` is true. `key` names the array in the answer (`members`, `groups`, `apps`, `devices`).
   */
  async *pages(route: string, continueRoute: string | null, arg: Json, key: string, signal?: AbortSignal): AsyncGenerator<Json[]> {
    let body = await this.rpc(route, arg, signal);
    for (;;) {
      const items = Array.isArray(body[key]) ? (body[key] as unknown[]).filter((i): i is Json => typeof i === 'object' && i !== null && !Array.isArray(i)) : [];
      if (items.length > 0) yield items;
      const cursor = typeof body.cursor === 'string' ? body.cursor : null;
      if (body.has_more !== true || !cursor) return;
      // Linked apps and devices continue on the same route with the cursor in the argument.
      body = continueRoute ? await this.rpc(continueRoute, { cursor }, signal) : await this.rpc(route, { ...arg, cursor }, signal);
    }
  }

  /** Every member, `include_removed` or not. */
  members(options: { includeRemoved?: boolean; limit?: number } = {}, signal?: AbortSignal): AsyncGenerator<Json[]> {
    return this.pages('team/members/list_v2', 'team/members/list/continue_v2', { limit: options.limit ?? 1000, include_removed: options.includeRemoved ?? false }, 'members', signal);
  }

  groups(signal?: AbortSignal): AsyncGenerator<Json[]> {
    return this.pages('team/groups/list', 'team/groups/list/continue', { limit: 1000 }, 'groups', signal);
  }

  groupMembers(groupId: string, signal?: AbortSignal): AsyncGenerator<Json[]> {
    return this.pages('team/groups/members/list', 'team/groups/members/list/continue', { group: { '.tag': 'group_id', group_id: groupId }, limit: 1000 }, 'members', signal);
  }

  linkedApps(signal?: AbortSignal): AsyncGenerator<Json[]> {
    return this.pages('team/linked_apps/list_members_linked_apps', null, {}, 'apps', signal);
  }

  devices(signal?: AbortSignal): AsyncGenerator<Json[]> {
    return this.pages('team/devices/list_members_devices', null, { include_web_sessions: true, include_desktop_clients: true, include_mobile_clients: true }, 'devices', signal);
  }
}

/** `{".tag":"team_member_id","team_member_id":…}`: how team routes name one member. */
export function memberSelector(teamMemberId: string): Json {
  return { '.tag': 'team_member_id', team_member_id: teamMemberId };
}
