import { ACTION_KINDS, isActionKind, type Prefer, type Route } from '../core/governance-action.js';
import type { Db } from '../store/db.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import type { ResolvedTarget, TargetAccount } from './targets.js';

export type Dispatch =
  | { ok: true; route: Route; instanceId: string | null; providerTargetId: string | null; account: TargetAccount | null; where: string }
  | { ok: false; reason: string };

/**
 * Finds where an action can run: in the app itself (the account's connector declares the action), or at
 * the identity provider holding the same person. Says plainly, naming each app, when nothing connected can.
 */
export async function dispatch(
  db: Db,
  registry: ConnectorRegistry,
  kind: string,
  target: ResolvedTarget,
  options: { prefer: Prefer; canNotify: boolean },
): Promise<Dispatch> {
  const title = isActionKind(kind) ? ACTION_KINDS[kind].title.toLowerCase() : kind;
  if (kind === 'notify-user') {
    if (!target.email) return { ok: false, reason: `Nothing can notify ${target.label}: Parapet knows no e-mail address for them.` };
    if (!options.canNotify) return { ok: false, reason: `Nothing connected can notify ${target.label}: no e-mail server (PARAPET_SMTP_URL), outbox (PARAPET_MAIL_OUTBOX=1) or webhook (PARAPET_WEBHOOK_URL) is configured.` };
    return { ok: true, route: 'notify', instanceId: null, providerTargetId: target.email, account: null, where: target.email };
  }
  const instances = new Map((await db.selectFrom('connector_instances').select(['id', 'name', 'provider', 'status']).execute()).map((i) => [i.id, i]));
  const why: string[] = [];
  const describe = (instanceId: string) => {
    const instance = instances.get(instanceId);
    const connector = instance ? registry.get(instance.provider) : undefined;
    return { instance, connector, name: `${connector?.displayName ?? instance?.provider ?? 'unknown app'} (${instance?.name ?? instanceId})` };
  };
  const usable = (instanceId: string, role: string): boolean => {
    const { instance, connector, name } = describe(instanceId);
    if (!instance || !connector) {
      why.push(`the ${role} connection ${instanceId} no longer exists`);
      return false;
    }
    if (!connector.actions[kind]) {
      why.push(`${name} cannot ${title} (the connector has no "${kind}" action)`);
      return false;
    }
    if (instance.status === 'disabled') {
      why.push(`the ${role} connection ${name} is disabled (re-enable it with \`parapet enable ${instance.name}\`)`);
      return false;
    }
    return true;
  };

  if (target.type === 'oauth-app' && target.oauthApp) {
    if (usable(target.oauthApp.instanceId, 'app')) return { ok: true, route: 'app', instanceId: target.oauthApp.instanceId, providerTargetId: target.oauthApp.providerId, account: null, where: describe(target.oauthApp.instanceId).name };
    return { ok: false, reason: `Nothing connected can ${title} "${target.label}": ${why.join('; ')}.` };
  }

  const viaApp = (): Dispatch | null => {
    for (const gone of target.accounts.filter((a) => a.status === 'deleted')) why.push(`${gone.email ?? gone.providerId} is deleted in ${describe(gone.instanceId).name}`);
    const able = target.accounts.filter((a) => a.status !== 'deleted' && usable(a.instanceId, 'app'));
    if (able.length === 1 || (able.length > 1 && target.type === 'account')) {
      const account = able[0]!;
      return { ok: true, route: 'app', instanceId: account.instanceId, providerTargetId: account.providerId, account, where: describe(account.instanceId).name };
    }
    if (able.length > 1) why.push(`${target.label} has accounts in ${able.length} apps that can ${title}: name one (--app) or use the contain-person playbook`);
    return null;
  };
  const viaIdp = (): Dispatch | null => {
    if (!target.idp) {
      why.push(`no connected identity provider holds ${target.label}`);
      return null;
    }
    if (!usable(target.idp.instanceId, 'identity provider')) return null;
    const account = target.accounts.find((a) => a.instanceId === target.idp?.instanceId && a.providerId === target.idp.accountProviderId) ?? null;
    return { ok: true, route: 'idp', instanceId: target.idp.instanceId, providerTargetId: target.idp.accountProviderId, account, where: `${describe(target.idp.instanceId).name}, the identity provider` };
  };
  const order = options.prefer === 'app' ? [viaApp] : options.prefer === 'idp' ? [viaIdp] : target.type === 'account' ? [viaApp, viaIdp] : [viaIdp, viaApp];
  for (const attempt of order) {
    const found = attempt();
    if (found) return found;
  }
  const preferred = options.prefer === 'auto' ? '' : ` (asked for: ${options.prefer === 'app' ? 'in the app itself' : 'through the identity provider'})`;
  return { ok: false, reason: `Nothing connected can ${title} for ${target.label}${preferred}: ${why.join('; ') || 'no account is linked to them'}.` };
}
