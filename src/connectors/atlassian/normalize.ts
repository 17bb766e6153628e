import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, hashText, lowerEmail, lookupTable, parseProviderTime, str, unreadableActivity, withOtherClass, withSourceIp, textOf } from '../sdk/normalize-helpers.js';

const APP = 'Atlassian';

/**
 * Org audit-log action keys (`/event-actions` ids, snake_case; digest §4 — the exact keys are not published
 * outside the catalog, so these are the catalog's keys as the simulator serves them) -> Parapet's actions.
 */
const ACTIONS: Record<string, Action> = lookupTable({
  user_logged_in: 'user.login',
  user_login_failed: 'user.login_failed',
  user_logged_out: 'user.logout',
  user_logged_in_as_user: 'user.impersonation_started',
  user_sessions_revoked: 'user.sessions_revoked',
  user_created: 'user.created',
  user_invited: 'user.invited',
  user_details_updated: 'user.updated',
  user_access_suspended: 'user.suspended',
  user_access_restored: 'user.unsuspended',
  user_account_deactivated: 'user.suspended',
  user_account_reactivated: 'user.unsuspended',
  user_removed_from_directory: 'user.deleted',
  user_password_reset: 'user.password_reset',
  user_granted_role: 'admin.role_assigned',
  user_revoked_role: 'admin.role_removed',
  group_granted_role: 'admin.role_assigned',
  group_revoked_role: 'admin.role_removed',
  user_added_to_group: 'group.member_added',
  user_removed_from_group: 'group.member_removed',
  group_created: 'group.created',
  group_deleted: 'group.deleted',
  product_access_granted: 'app.user_assigned',
  api_token_created: 'credential.created',
  api_token_revoked: 'credential.revoked',
  api_key_created: 'credential.created',
  api_key_revoked: 'credential.revoked',
  two_step_verification_enabled: 'mfa.enabled',
  two_step_verification_disabled: 'mfa.disabled',
  authentication_policy_updated: 'security.policy_changed',
  two_step_verification_enforcement_disabled: 'security.mfa_requirement_disabled',
  saml_configuration_updated: 'security.sso_changed',
  ip_allowlist_updated: 'security.policy_changed',
  org_setting_updated: 'admin.setting_changed',
  app_installed: 'app.installed',
  app_uninstalled: 'app.removed',
});

/** Platform role ids (digest §7, `roleIds` of the v2 search) -> the names the admin hub shows. */
export const ROLE_NAMES: Record<string, string> = lookupTable({
  'atlassian/org-admin': 'Organization Admin',
  'atlassian/site-admin': 'Site Admin',
  'atlassian/user-access-admin': 'User Access Admin',
  'atlassian/admin': 'Product Admin',
  'atlassian/user': 'User',
  'atlassian/ai-access': 'AI Access',
});

const FAILED = /_failed$|_denied$|_blocked$/;

/**
 * `attributes.time` as UTC epoch ms: ISO-8601 as the API serves it, or epoch seconds or milliseconds (exports and
 * SIEM copies carry either; digest §8 — below 1e12 is seconds), as a number or a numeric string.
 */
export function eventTime(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{9,13}(\.\d+)?$/.test(value.trim()) ? Number(value) : null;
  if (n !== null) return Number.isFinite(n) && n > 0 ? Math.floor(n < 1e12 ? n * 1000 : n) : null;
  const ms = parseProviderTime(value);
  return ms === null ? null : Math.floor(ms);
}

function items(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(asRecord).filter((x): x is Record<string, unknown> => x !== null) : [];
}

function contextTargets(context: Record<string, unknown>[], ctx: NormalizeContext): Target[] {
  const out: Target[] = [];
  for (const item of context) {
    const id = str(item.id);
    const type = str(item.type);
    const attributes = asRecord(item.attributes);
    const name = str(attributes?.name) ?? str(attributes?.displayName) ?? str(attributes?.label);
    switch (type) {
      case 'users': {
        const ref = id ? ctx.lookupAccount(id) : undefined;
        out.push({ type: 'user', id, name: name ?? ref?.name ?? null, email: lowerEmail(attributes?.email) ?? ref?.email ?? null });
        break;
      }
      case 'roles': {
        const role = (id ? ROLE_NAMES[id] : undefined) ?? name ?? id;
        out.push({ type: 'role', id, name: role, changes: [{ field: 'role', new: role }] });
        break;
      }
      case 'groups':
        out.push({ type: 'group', id, name });
        break;
      case 'api-tokens':
      case 'api-keys':
        out.push({ type: 'token', id, name });
        break;
      case 'policies':
      case 'auth-policies':
        out.push({ type: 'policy', id, name });
        break;
      case 'apps':
        out.push({ type: 'app', id, name });
        break;
      default:
        out.push({ type: 'other', id, name });
    }
  }
  return out;
}

function mapEvent(record: unknown, ctx: NormalizeContext): NormalizedActivity {
  const r = asRecord(record);
  const attributes = asRecord(r?.attributes);
  const action = str(attributes?.action);
  const time = eventTime(attributes?.time);
  if (!r || !attributes || !action || time === null || !Number.isSafeInteger(time)) return unreadableActivity('atlassian', APP, record, ctx.ingestedAt);
  const mapped = ACTIONS[action] ?? 'other';
  let activity = baseActivity({
    provider: 'atlassian',
    app: APP,
    sourceId: str(r.id) ?? `atlassian:${hashText(JSON.stringify(r))}`,
    time,
    originalTime: textOf(attributes.time),
    action: mapped,
    eventType: action,
    raw: r,
  });
  activity.outcome = FAILED.test(action) ? 'failure' : 'success';
  const actor = asRecord(attributes.actor);
  const actorId = str(actor?.id);
  if (actor) {
    const ref = actorId ? ctx.lookupAccount(actorId) : undefined;
    const isSystem = actorId === null || /^(atlassian|system)$/i.test(actorId);
    activity.actor = {
      ...activity.actor,
      userId: actorId,
      email: lowerEmail(actor.email) ?? ref?.email ?? null,
      name: str(actor.name) ?? ref?.name ?? null,
      type: isSystem ? 'system' : ref?.isAdmin ? 'admin' : 'user',
      isAdmin: ref ? ref.isAdmin : null,
    };
  }
  // Work done through an API token names it (`actor.auth`): the token is the credential, not an interactive log-in.
  const auth = asRecord(actor?.auth);
  const authType = str(auth?.authType);
  if (authType) activity.auth = { ...activity.auth, method: authType, interactive: false };
  if (authType && str(auth?.tokenId)) activity.sessionId = `${authType}:${str(auth?.tokenId)}`;
  const container = items(attributes.container);
  const site = container.find((c) => str(c.type) === 'sites') ?? container[0];
  if (site) activity.service = { id: str(site.id), name: str(asRecord(site.links)?.alt) ?? str(asRecord(site.attributes)?.name) };
  activity.targets = contextTargets(items(attributes.context), ctx);
  const location = asRecord(attributes.location);
  activity = withSourceIp(activity, location?.ip);
  if (mapped === 'user.login' || mapped === 'user.login_failed') activity.auth = { ...activity.auth, interactive: true };
  const first = activity.targets[0];
  activity.message = `${action}${first ? ` ${first.email ?? first.name ?? first.id ?? ''}`.trimEnd() : ''}`;
  if (mapped === 'other') activity = withOtherClass(activity, 3004);
  return activity;
}

/**
 * One Atlassian record -> Activity: an org audit event (`data[]` item of `/events` or `/events-stream`, or
 * `GET …/events/{id}`'s `data`), or a pasted page holding exactly one event. Pure and total.
 */
export function normalizeAtlassian(record: unknown, context: NormalizeContext): NormalizedActivity {
  try {
    const r = asRecord(record);
    if (r && !('attributes' in r)) {
      const data = Array.isArray(r.data) && r.data.length === 1 ? r.data[0] : asRecord(r.data);
      if (data) return { ...mapEvent(data, context), raw: r };
    }
    return mapEvent(record, context);
  } catch {
    return unreadableActivity('atlassian', APP, record, context.ingestedAt);
  }
}
