import { benchGithub } from './github.js';
import { benchGoogleWorkspace } from './google-workspace.js';
import { benchOkta } from './okta.js';
import { benchSlack } from './slack.js';

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const seconds = (n: number | undefined) => `${(n ?? 0).toFixed(1)} s`;
const ratio = (n: number | undefined) => (n ?? 0).toFixed(3);

/**
 * (d)/(f) backfill figures of the GitHub, Okta, Slack and Google Workspace connectors, each against its
 * simulator with the budget scaled so that the rate limit, not the loopback, decides the time (see each bench):
 * requests ÷ the least a complete read needs, and wall time ÷ the least the budget allows. Prints one line
 * per connector and stores the figures in `results`.
 */
export async function benchConnectorBackfills(quick: boolean, results: Record<string, unknown>): Promise<void> {
  const gh = await benchGithub();
  results.github = gh;
  console.log(
    `(f) GitHub 7-day audit-log backfill: ${gh.events} events in ${gh.requests} audit-log requests, minimum ${gh.minimum}: ratio ${gh.requestRatio.toFixed(3)} (target <= 1.05, ${verdict(gh.requestRatio <= 1.05)}); ` +
      `${gh.seconds.toFixed(1)} s vs ${gh.lowerBoundSeconds.toFixed(1)} s the rate limit allows: ratio ${ratio(gh.timeRatio)} (target within +1 s, ${verdict(gh.seconds <= gh.lowerBoundSeconds + 1)}); plus ${gh.otherRequests} token/clock requests`,
  );

  const okta = await benchOkta();
  results.okta = okta;
  console.log(
    `(d) Okta 30-day System Log backfill, ${okta.events} events, bucket ${okta.logsPerMinute}/min: ${seconds(okta.seconds)} vs ${seconds(okta.lowerBoundSeconds)} the bucket allows: ratio ${ratio(okta.timeRatio)}; ` +
      `${okta.requests} requests vs minimum ${okta.minimum}: ratio ${ratio(okta.requestRatio)} (target <= 1.05, ${verdict((okta.requestRatio ?? Infinity) <= 1.05)})`,
  );

  const slack = await benchSlack(quick ? { people: 500 } : {});
  results.slack = slack;
  const slackTime = slack.timeRatio ?? Infinity;
  const slackRequests = slack.requestRatio ?? Infinity;
  console.log(
    `(d) Slack 7-day backfill, ${slack.people} people, ${slack.activities} audit entries (${slack.missing} missing): ` +
      `${seconds(slack.seconds)} vs ${seconds(slack.lowerBoundSeconds)} Tier 3 allows: ratio ${ratio(slackTime)} (target <= 1.2, ${verdict(slackTime <= 1.2)}); ` +
      `${slack.requests} Audit Logs requests vs minimum ${slack.minimumRequests}: ratio ${ratio(slackRequests)} (target <= 1.05, ${verdict(slackRequests <= 1.05)})`,
  );

  const gws = await benchGoogleWorkspace();
  results.googleWorkspace = gws;
  const gwsTime = gws.timeRatio ?? Infinity;
  console.log(
    `(d) Google Workspace 7-day Reports backfill, ${gws.activities} activities (${gws.missing} missing): ${gws.requests} requests vs minimum ${gws.minimumRequests}: ratio ${ratio(gws.requestRatio)} (target <= 1.05, ${verdict((gws.requestRatio ?? Infinity) <= 1.05)}); ` +
      `${seconds(gws.seconds)} vs ${seconds(gws.lowerBoundSeconds)} the quota allows: ratio ${ratio(gwsTime)} (target <= 1.2, ${verdict(gwsTime <= 1.2)})`,
  );
}
