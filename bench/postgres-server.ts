import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A PostgreSQL server for a benchmark: the one given, or a throwaway cluster started (and stopped) here. */
export interface BenchServer {
  /** A URL of a database on the server where this user may create databases. */
  url: string;
  /** True when this process started the cluster (and `stop` removes it). */
  started: boolean;
  stop(): void;
}

/**
 * PARAPET_DATABASE_URL or PARAPET_TEST_POSTGRES_URL when set; otherwise `.ci/postgres.sh start` (installs
 * Debian's postgresql if missing) and `stop` runs `.ci/postgres.sh stop` on its folder.
 */
export function benchServer(): BenchServer {
  const given = process.env.PARAPET_BENCH_POSTGRES_URL || process.env.PARAPET_DATABASE_URL || process.env.PARAPET_TEST_POSTGRES_URL;
  if (given) return { url: given, started: false, stop: () => undefined };
  const out = execFileSync(join(root, '.ci', 'postgres.sh'), ['start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = /PARAPET_TEST_POSTGRES_URL=(\S+)/.exec(out)?.[1];
  const dir = /PARAPET_POSTGRES_DIR=(\S+)/.exec(out)?.[1];
  if (!url || !dir) throw new Error(`.ci/postgres.sh start printed no URL and folder:\n${out}`);
  let stopped = false;
  return {
    url,
    started: true,
    stop: () => {
      if (stopped) return;
      stopped = true;
      execFileSync(join(root, '.ci', 'postgres.sh'), ['stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}

/** `base` with another database name. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates a fresh database on the server, runs `fn` with its URL, and drops it afterwards. */
export async function withDatabase<T>(base: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const name = `parapet_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  try {
    return await fn(databaseUrl(base, name));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Median and 95th percentile (nearest rank) in ms, one decimal. */
export function percentiles(samples: readonly number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)] ?? 0) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}
