import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in GitHub's audit-log entries (checked by the fidelity test). */
export const githubFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Organisation / enterprise audit-log entry (REST, streaming and web-UI exports)',
    fields: {
      user: ['actor', 'actor_id', 'actor_email'],
      ip: ['actor_ip'],
      time: ['@timestamp', 'created_at', 'timestamp'],
      action: ['action'],
      outcome: ['action', 'outcome', 'result'],
      targets: ['user', 'user_id', 'team', 'team_id', 'repo', 'repository', 'repo_id', 'oauth_application_name', 'integration', 'name', 'oauth_application_id', 'installation_id', 'credential_id', 'token_id', 'permission', 'org', 'business'],
    },
    notes: 'Times are epoch ms (`@timestamp`, `created_at`) or ISO text with or without zone or `T` (exports). `actor_ip` appears only when the organisation enabled IP disclosure. The actor\'s e-mail comes from the account inventory by `actor_id` when the entry has none.',
  },
];
