import type { Command } from 'commander';

/** One example per command, shown at the end of its `--help`. A test checks every command has one. */
export const EXAMPLES: Record<string, string> = {
  '': 'parapet demo --once && parapet alerts',
  help: 'parapet help environment',
  connect: 'parapet connect docusign --name docusign-prod --config docusign.json',
  connectors: 'parapet connectors --jsonl | jq -r .name',
  test: 'parapet test docusign-prod',
  sync: 'parapet sync docusign-prod --json   # exit 3: some streams failed, the rest synced',
  enable: 'parapet enable docusign-prod',
  disable: 'parapet disable docusign-prod',
  activities: 'parapet activities --user lou@example.com --action user.login_failed --since 30d',
  accounts: 'parapet accounts --connector demo-docusign --status suspended',
  groups: 'parapet groups --connector demo-microsoft365',
  privileges: 'parapet privileges --jsonl | jq -r .role | sort | uniq -c',
  apps: 'parapet apps --third-party',
  identities: 'parapet identities --email lou@example.com --json',
  normalize: 'parapet normalize --provider docusign < monitor.jsonl > activities.jsonl',
  alerts: 'parapet alerts --severity high,critical --since 7d',
  alert: 'parapet alert 01JD0000000000000000000000 resolve --reason true_positive --note "password reset"',
  detect: 'parapet detect --input activities.jsonl --builtin all --output alerts.jsonl',
  posture: 'parapet posture --app docusign   # or --format sarif --output posture.sarif',
  'posture history': 'parapet posture history DS-SESS-1 --connector demo-docusign',
  'posture exception': 'parapet posture exception list',
  'posture exception add': 'parapet posture exception add --connector demo-docusign --check DS-SESS-3 --owner ana@example.com --reason "shared kiosks" --expires 90d',
  'posture exception list': 'parapet posture exception list --json',
  'posture exception remove': 'parapet posture exception remove 01JD0000000000000000000000',
  policy: 'parapet policy list',
  'policy list': 'parapet policy list --json',
  'policy show': 'parapet policy show detection.impossible-travel',
  'policy add': 'parapet policy add policies/after-hours-admin.yaml',
  'policy remove': 'parapet policy remove custom.after-hours-admin',
  'policy enable': 'parapet policy enable detection.mass-download',
  'policy disable': 'parapet policy disable detection.mass-download',
  'policy tune': 'parapet policy tune detection.impossible-travel --sensitivity low --exclude-user ceo@example.com',
  'policy test': 'parapet policy test policies/after-hours-admin.yaml',
  'policy backtest': 'parapet policy backtest detection.impossible-travel --since 30d',
  'policy docs': 'parapet policy docs --write docs/policies',
  actions: 'parapet actions --status pending',
  action: 'parapet action request suspend-user --person lou@example.com --reason "phished" --dry-run',
  'action request': 'parapet action request suspend-user --account lou@example.com --app docusign-prod --prefer app',
  'action approve': 'parapet action approve 01JD0000000000000000000000 --as sam@example.com',
  'action reject': 'parapet action reject 01JD0000000000000000000000 --note "travelling, confirmed by phone"',
  'action cancel': 'parapet action cancel 01JD0000000000000000000000',
  'action undo': 'parapet action undo 01JD0000000000000000000000',
  'action show': 'parapet action show 01JD0000000000000000000000 --json',
  'action outbox': 'parapet action outbox --json',
  'action rule': 'parapet action rule list',
  'action rule set': 'parapet action rule set detection.mail-forwarding suspend-user --mode approval --approvers admin --max-per-hour 3',
  'action rule list': 'parapet action rule list --json',
  'action protect': 'parapet action protect breakglass@example.com --reason "break-glass account"',
  'action unprotect': 'parapet action unprotect breakglass@example.com',
  'action protected': 'parapet action protected --json',
  suppressions: 'parapet suppressions list',
  'suppressions list': 'parapet suppressions list --json',
  'suppressions add': 'parapet suppressions add --policy detection.failed-logons --user lou@example.com --owner sam@example.com --reason "pen test" --expires 7d',
  'suppressions show': 'parapet suppressions show 01JD0000000000000000000000',
  'suppressions remove': 'parapet suppressions remove 01JD0000000000000000000000',
  intel: 'parapet intel status',
  'intel status': 'parapet intel status',
  'intel update': 'parapet intel update --from dbip-city-lite.mmdb',
  'intel import': 'parapet intel import tor-exits.txt --feed tor --kind tor',
  'intel remove-feed': 'parapet intel remove-feed tor',
  'intel range': 'parapet intel range list',
  'intel range add': 'parapet intel range add 203.0.113.0/24 --tag corporate --label "HQ egress"',
  'intel range list': 'parapet intel range list --json',
  'intel range remove': 'parapet intel range remove 203.0.113.0/24',
  'intel lookup': 'parapet intel lookup 185.220.101.1',
  simulate: 'parapet simulate docusign --port 18160',
  demo: 'parapet demo --once --json',
  serve: 'parapet serve --demo',
  retention: 'parapet retention --days 400 --dry-run',
  db: 'parapet db copy --to postgres://parapet@db.internal/parapet',
  'db copy': "parapet db copy --to 'postgres://parapet:<password>@db.internal:5432/parapet'",
  worker: 'PARAPET_DATABASE_URL=postgres://parapet@db.internal/parapet parapet worker --concurrency 4',
  keys: 'parapet keys rotate',
  'keys rotate': 'PARAPET_SECRET_KEY_FILE=/etc/parapet/secret.key parapet keys rotate',
  completion: 'parapet completion bash > ~/.local/share/bash-completion/completions/parapet',
};

/** Command paths below the program: `policy tune`, `intel range add`, ... */
export function commandPaths(program: Command): { path: string; command: Command }[] {
  const out: { path: string; command: Command }[] = [];
  const walk = (command: Command, prefix: string[]) => {
    for (const sub of command.commands) {
      const path = [...prefix, sub.name()];
      out.push({ path: path.join(' '), command: sub });
      walk(sub, path);
    }
  };
  walk(program, []);
  return out;
}

/** Appends each command's example to its help; commands without one are returned so a test can name them. */
export function addExamples(program: Command): string[] {
  const missing: string[] = [];
  for (const { path, command } of [{ path: '', command: program }, ...commandPaths(program)]) {
    const example = EXAMPLES[path];
    if (example === undefined) missing.push(path);
    else command.addHelpText('after', `\nExample:\n  $ ${example}\n`);
  }
  return missing;
}
