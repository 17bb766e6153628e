/**
 * The exit statuses scripts can rely on (README "Command line" lists them).
 * - 0 success
 * - 1 failure (a connector, the store or the network failed)
 * - 2 usage error (unknown command or option, a bad value, a name that does not exist)
 * - 3 nothing to do, or partial: e.g. `sync` with no connections, or with some connections failing
 * - 141 stdout was closed early (`parapet activities | head`): 128 + SIGPIPE, as git and coreutils end
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, partial: 3, closedPipe: 141 } as const;

/**
 * A reader that stops early (`| head`) is normal use, not an error: end quietly with the SIGPIPE status
 * instead of Node's unhandled 'error' event and its stack trace.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.closedPipe);
    process.stderr.write(`parapet: cannot write output: ${error.message}\n`);
    process.exit(EXIT.failure);
  });
}
