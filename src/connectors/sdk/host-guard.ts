import { HostNotAllowedError } from '../../core/errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Whether `url`'s host matches one of `allowed`: an exact host, a `*.suffix` wildcard, or `loopback`
 * (the simulator environment). Plain http is accepted only for loopback.
 */
export function hostAllowed(url: URL, allowed: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(host))) return false;
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === 'loopback') return isLoopbackHost(host);
    if (p.startsWith('*.')) return host.endsWith(p.slice(1));
    return host === p;
  });
}

/** Refuses to let credentials leave for a host the connector does not allow. */
export function assertHostAllowed(url: URL, allowed: readonly string[], operation: string): void {
  if (!hostAllowed(url, allowed)) {
    throw new HostNotAllowedError(
      `${operation}: refusing to send credentials to ${url.protocol}//${url.host}: it is not one of this connector's hosts (${allowed.join(', ')}). Check the URL in the connector's configuration.`,
    );
  }
}
