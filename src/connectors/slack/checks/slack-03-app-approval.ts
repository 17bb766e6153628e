import { defineCheck } from '../../sdk/define-check.js';
import { bool, str } from '../../sdk/normalize-helpers.js';

export default defineCheck({
  id: 'SLACK-03',
  title: 'Apps need an admin’s approval before members install them',
  severity: 'high',
  rationale: 'Without app approval any member can install an app and hand it their messages, files and DMs (user-token scopes such as im:history and files:read): the Slack form of consent phishing.',
  remediation: 'In the org dashboard → Integrations → App management settings, turn on "Require app approval" for every workspace, and approve apps from the request queue.',
  reference: 'Slack: manage app approval for Enterprise Grid',
  evaluate(settings) {
    const doc = settings.app_approval;
    if (!doc) return { status: 'not_applicable', evidence: 'Slack settings were not collected.' };
    const enabled = bool(doc.enabled);
    if (enabled === true) return { status: 'pass', evidence: 'App approval is on: admin.apps.requests.list serves the org’s request queue.' };
    if (enabled === false) return { status: 'fail', evidence: `App approval is off: Slack answered admin.apps.requests.list with ${str(doc.error) ?? 'an error'}.`, details: { error: doc.error ?? null } };
    return { status: 'not_applicable', evidence: 'Whether app approval is on could not be read.' };
  },
});
