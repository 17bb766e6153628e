/** The secret values of a connector config, and each long line of a PEM (a library might echo part of one). */
export function secretCanaries(secretFields: readonly string[], config: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of secretFields) {
    const value = config[field];
    if (typeof value !== 'string' || !value) continue;
    out.push(value);
    for (const line of value.split(/\r?\n/)) if (line.length >= 24 && !line.startsWith('-----')) out.push(line);
  }
  return out;
}
