import { HostNotAllowedError } from '../../core/errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function matches(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p === 'loopback') return isLoopbackHost(host);
  if (p.startsWith('*')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/**
 * Whether `url`'s host matches one of `allowed` and none of its exclusions. A pattern is an exact host, a
 * `*suffix` wildcard (`*.docusign.net`, `*-d.docusign.net`), `loopback` (the simulator environment), or
 * one of those after `!` to exclude it (a production token's list excludes the demo hosts its wildcard
 * would cover). Plain http is accepted only for loopback.
 */
export function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(host))) return false;
  if (allowed.some((pattern) => pattern.startsWith('!') && matches(host, pattern.slice(1)))) return false;
  return allowed.some((pattern) => !pattern.startsWith('!') && matches(host, pattern));
}

/** Refuses to let credentials leave for a host the connector does not allow. */
export function assertHostAllowed(url: URL, allowed: readonly string[], operation: string, whose = "this connector's hosts"): void {
  if (!hostAllowed(url, allowed)) {
    throw new HostNotAllowedError(
      `${operation}: refusing to send credentials to ${url.protocol}//${url.host}: it is not one of ${whose} (${allowed.join(', ')}). Check the URL in the connector's configuration.`,
    );
  }
}
