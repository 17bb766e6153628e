import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../core/errors.js';
import { parsePolicy } from '../detection/custom/parse-policy.js';
import type { Rule } from '../detection/rule.js';
import { BUILTIN_RULES } from '../detection/rules/index.js';
import { UsageError } from './output.js';

/** Built-in policies chosen by `--builtin all|none|<id,id>` (ids with or without the `detection.` prefix). */
export function selectBuiltins(spec: string): Rule<unknown, unknown>[] {
  if (spec === 'all') return [...BUILTIN_RULES];
  if (spec === 'none') return [];
  const wanted = spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (s.startsWith('detection.') ? s : `detection.${s}`));
  const unknown = wanted.filter((id) => !BUILTIN_RULES.some((r) => r.id === id));
  if (unknown.length) throw new UsageError(`--builtin: unknown policy ${unknown.join(', ')}. Built-in: ${BUILTIN_RULES.map((r) => r.id).join(', ')}`);
  return BUILTIN_RULES.filter((r) => wanted.includes(r.id));
}

/** Policy files from a file or a folder (*.yaml, *.yml, *.json). Problems are collected, not thrown. */
export function readPolicyFiles(path: string): { rules: Rule<unknown, unknown>[]; problems: string[] } {
  if (!existsSync(path)) throw new UsageError(`--policies: ${path} does not exist`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const rules: Rule<unknown, unknown>[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      rules.push(parsePolicy(readFileSync(file, 'utf8'), file).rule);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(`${error.message}:`, ...error.issues.map((i) => `  ${i}`));
    }
  }
  const ids = rules.map((r) => r.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length) problems.push(`policy ids used by more than one file: ${[...new Set(dupes)].join(', ')}`);
  return { rules, problems };
}
