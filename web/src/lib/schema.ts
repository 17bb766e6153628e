/** Reading a connector type's JSON Schema (as zod's toJSONSchema writes it) for the generated wizard form. */
import type { JsonSchema } from '../api/types.js';

export type FormValues = Record<string, unknown>;

/** The first non-null branch of anyOf/oneOf (zod's optional/nullable fields come out that way). */
export function fieldSchema(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const concrete = branches.find((b) => b.type !== 'null') ?? branches[0] ?? {};
  return { ...concrete, ...(schema.description ? { description: schema.description } : {}), ...(schema.default !== undefined ? { default: schema.default } : {}) };
}

export function typeOf(schema: JsonSchema): string {
  return Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'string') : (schema.type ?? 'string');
}

/** Keys and certificates arrive as files: a multi-line text with an upload button. */
export function isKeyField(name: string): boolean {
  return /privatekey|certificate|pem|keyfile/i.test(name);
}

export function defaultsOf(schema: JsonSchema): FormValues {
  const values: FormValues = {};
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    const field = fieldSchema(raw);
    if (field.default !== undefined) values[name] = field.default;
  }
  return values;
}

/** Drops empty optional fields and turns number inputs into numbers, so the server's schema sees what a CLI user would send. */
export function cleanValues(schema: JsonSchema, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === '' || value === undefined || value === null) continue;
    const field = schema.properties?.[name];
    const type = field ? typeOf(fieldSchema(field)) : 'string';
    out[name] = (type === 'integer' || type === 'number') && typeof value === 'string' ? Number(value) : value;
  }
  return out;
}

/** Problem-details paths ("/config/privateKey", "config.privateKey", "privateKey") → the form field. */
export function fieldErrors(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const parts = e.path.split(/[/.]/).filter((p) => p && p !== 'body');
    const field = parts[0] === 'config' ? parts[1] : parts[0];
    if (field && !out[field]) out[field] = e.message;
  }
  return out;
}

/** Stream names of a connector type (the API sends {name, kind, entity}; older drafts sent plain names). */
export function streamNames(streams: readonly (string | { name: string })[]): string[] {
  return streams.map((s) => (typeof s === 'string' ? s : s.name));
}
