/**
 * Reports parameters as the API sends them (`[{name, value | intValue | boolValue | multiValue |
 * multiIntValue | messageValue | multiMessageValue}]`) and as exports commonly carry them (an object of
 * name -> value, e.g. Panther or Cloud Logging's `parameter[]`), read into one map of plain values.
 */
export type ParamValue = string | number | boolean | string[] | Record<string, unknown> | unknown[] | null;

function valueOf(p: Record<string, unknown>): ParamValue {
  if (typeof p.value === 'string') return p.value;
  if (p.intValue !== undefined && p.intValue !== null) {
    const n = Number(p.intValue);
    return Number.isFinite(n) ? n : String(p.intValue as string);
  }
  if (typeof p.boolValue === 'boolean') return p.boolValue;
  if (typeof p.boolValue === 'string') return p.boolValue === 'true';
  if (Array.isArray(p.multiValue)) return p.multiValue.map(String);
  // Cloud Logging's AuditLog export spells it multiStrValue.
  if (Array.isArray(p.multiStrValue)) return p.multiStrValue.map(String);
  if (Array.isArray(p.multiIntValue)) return p.multiIntValue.map((v) => String(v as string));
  if (typeof p.messageValue === 'object' && p.messageValue !== null) {
    const inner = (p.messageValue as { parameter?: unknown }).parameter;
    return Array.isArray(inner) ? readParameters(inner) : (p.messageValue as Record<string, unknown>);
  }
  if (Array.isArray(p.multiMessageValue)) return p.multiMessageValue as unknown[];
  return p.value === undefined ? null : (p.value as ParamValue);
}

export function readParameters(list: unknown): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  if (Array.isArray(list)) {
    for (const entry of list) {
      if (typeof entry !== 'object' || entry === null) continue;
      const p = entry as Record<string, unknown>;
      if (typeof p.name !== 'string') continue;
      out[p.name] = valueOf(p);
    }
  } else if (typeof list === 'object' && list !== null) {
    for (const [name, value] of Object.entries(list as Record<string, unknown>)) out[name] = value as ParamValue;
  }
  return out;
}

export function paramText(params: Record<string, ParamValue>, ...names: string[]): string | null {
  for (const name of names) {
    const v = params[name];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return null;
}

export function paramList(params: Record<string, ParamValue>, name: string): string[] {
  const v = params[name];
  if (Array.isArray(v)) return v.map((x) => String(x as string));
  if (typeof v === 'string' && v.trim() !== '') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}
