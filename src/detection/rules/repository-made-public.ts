import { z } from 'zod';
import type { Target } from '../../core/activity.js';
import { defineRule } from '../rule.js';
import { actorLabel } from '../subjects.js';
import { at } from './example-helpers.js';

interface Params {
  /**
   * Repositories meant to be public, as `owner/name` patterns (`*` matches within one part): the
   * organisation's approved list. Public by design: the profile repository `.github` and GitHub Pages sites.
   */
  expectedPublic: string[];
}

const isPublic = (value: unknown): boolean => String(value ?? '').toLowerCase() === 'public';

/** The repository a visibility change made public: a target whose `visibility` changed to public from something else. */
function madePublic(targets: readonly Target[]): { target: Target; from: string | null } | null {
  for (const target of targets) {
    for (const change of target.changes ?? []) {
      if (change.field.toLowerCase() !== 'visibility' || !isPublic(change.new) || isPublic(change.old)) continue;
      return { target, from: change.old === undefined || change.old === null ? null : String(change.old) };
    }
  }
  return null;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .trim()
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}$`);
}

/** A private or internal repository switched to public. */
export const repositoryMadePublic = defineRule<never, Params>({
  id: 'detection.repository-made-public',
  kind: 'builtin',
  title: 'Repository made public',
  description:
    "A private or internal code repository was switched to public (GitHub's `repo.access` with `visibility: public`): its whole history — code, configuration and any secret ever committed — is readable and clonable by anyone, and forks and clones outlive switching it back. Attackers with an owner's session publish repositories to exfiltrate them; more often it is a mistake. Repositories that are public by design (the organisation's `.github` profile repository, GitHub Pages sites, and any the organisation lists as approved for publication) do not alert.",
  severity: 'high',
  runbook:
    "Ask the person who changed it (the alert names them) whether the publication was approved. If not, make the repository private again at once, treat every secret in its history as leaked (rotate them), look for forks and clones, and if the actor's session may be stolen, revoke their sessions and review their other changes. If it was approved, add it to this policy's expected public repositories.",
  reference: 'https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/managing-repository-settings/setting-repository-visibility',
  attack: [
    { id: 'T1567', name: 'Exfiltration Over Web Service' },
    { id: 'T1213.003', name: 'Data from Information Repositories: Code Repositories' },
  ],
  actions: ['file.public_link_created'],
  params: {
    low: { expectedPublic: ['*/.github', '*/*.github.io'] },
    medium: { expectedPublic: ['*/.github', '*/*.github.io'] },
    high: { expectedPublic: [] },
  },
  paramDocs: {
    expectedPublic: 'Repositories meant to be public, as `owner/name` patterns (`*` matches within one part): the publications your organisation approved. Low and medium list the `.github` profile repository and GitHub Pages sites.',
  },
  paramsSchema: z.object({ expectedPublic: z.array(z.string().min(1)) }).partial().strict(),
  defaults: { enabled: true, learningDays: 0, learningBasis: 'org' },
  evaluate(e, _state, ctx) {
    const a = e.activity;
    if (a.outcome === 'failure') return {};
    const change = madePublic(a.targets);
    if (!change) return {};
    const name = change.target.name ?? change.target.id ?? 'a repository';
    if (ctx.params.expectedPublic.some((p) => globToRegExp(p).test(name.toLowerCase()))) return {};
    return {
      findings: [
        {
          explanation: `${actorLabel(a)} made the repository ${name} public in ${a.app}${change.from ? ` (it was ${change.from})` : ''}: anyone can now read and clone its code and history.`,
          details: { repository: name, previousVisibility: change.from, eventType: a.eventType },
        },
      ],
    };
  },
  examples: [
    {
      name: 'fires: an owner makes a private repository public',
      activities: [
        {
          id: 'pub',
          provider: 'github',
          app: 'GitHub',
          action: 'file.public_link_created',
          eventType: 'repo.access',
          actor: { email: 'jordan@example.com', userId: '1001' },
          targets: [{ type: 'file', id: '4242', name: 'acme/e-discovery', changes: [{ field: 'visibility', old: 'private', new: 'public' }] }],
          time: at(3, 14, 20),
        },
      ],
      expect: { alerts: 1, severity: 'high', subjects: ['jordan@example.com'], activityIds: [['pub']], explanationContains: 'made the repository acme/e-discovery public in GitHub (it was private)' },
    },
    {
      name: 'no alert: the profile repository and a Pages site made public, a repository made private, a public link to one file, a failed attempt',
      activities: [
        { provider: 'github', app: 'GitHub', action: 'file.public_link_created', eventType: 'repo.access', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: '1', name: 'acme/.github', changes: [{ field: 'visibility', old: 'private', new: 'public' }] }], time: at(1, 10) },
        { provider: 'github', app: 'GitHub', action: 'file.public_link_created', eventType: 'repo.access', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: '2', name: 'acme/acme.github.io', changes: [{ field: 'visibility', old: 'internal', new: 'public' }] }], time: at(1, 11) },
        { provider: 'github', app: 'GitHub', action: 'file.unshared', eventType: 'repo.access', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: '3', name: 'acme/api', changes: [{ field: 'visibility', old: 'public', new: 'private' }] }], time: at(1, 12) },
        { provider: 'google-workspace', app: 'Drive', action: 'file.public_link_created', eventType: 'change_document_visibility', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: 'doc1', name: 'Brochure' }], time: at(1, 13) },
        { provider: 'github', app: 'GitHub', action: 'file.public_link_created', outcome: 'failure', eventType: 'repo.access', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: '4', name: 'acme/api', changes: [{ field: 'visibility', old: 'private', new: 'public' }] }], time: at(1, 14) },
      ],
      expect: { alerts: 0 },
    },
    {
      name: 'fires at high sensitivity even for the profile repository (nothing is expected public there)',
      settings: { sensitivity: 'high' },
      activities: [
        { id: 'profile', provider: 'github', app: 'GitHub', action: 'file.public_link_created', eventType: 'repo.access', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: '1', name: 'acme/.github', changes: [{ field: 'visibility', old: 'private', new: 'public' }] }], time: at(1, 10) },
      ],
      expect: { alerts: 1, activityIds: [['profile']] },
    },
    {
      name: 'no alert for a repository the organisation approved for publication',
      settings: { params: { expectedPublic: ['acme/sdk-*'] } },
      activities: [
        { provider: 'github', app: 'GitHub', action: 'file.public_link_created', eventType: 'repo.access', actor: { email: 'alex@example.com' }, targets: [{ type: 'file', id: '5', name: 'acme/sdk-python', changes: [{ field: 'visibility', old: 'private', new: 'public' }] }], time: at(1, 10) },
      ],
      expect: { alerts: 0 },
    },
  ],
});
