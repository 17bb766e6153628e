/**
 * The subset of ServiceNow's encoded-query grammar the simulator honours (digest §2): conditions joined by
 * `^` (AND) and `^OR` (OR with the condition before), operators `=`, `!=`, `IN`, `NOT IN`, `STARTSWITH`,
 * `LIKE`, `>`, `>=`, `<`, `<=`, dot-walked reference fields, and `ORDERBY{f}` / `ORDERBYDESC{f}`. As on a
 * real instance, a condition on a field the table does not have is silently ignored (digest §8.5).
 */
export type Row = Record<string, string>;

export interface QueryContext {
  /** Columns of the table queried. */
  columns: ReadonlySet<string>;
  /** A field's value, dot-walked through references (`user.user_name`); undefined for an unknown field. */
  get(row: Row, path: string): string | undefined;
  /** Whether the path names a field (dot-walked paths included). */
  knows(path: string): boolean;
}

interface Condition {
  field: string;
  op: string;
  value: string;
}

function parseCondition(text: string): Condition | null {
  const m = /^([A-Za-z_][\w.]*?)(NOT IN|STARTSWITH|ENDSWITH|NOT LIKE|LIKE|IN|!=|>=|<=|=|>|<)(.*)$/s.exec(text);
  if (!m) return null;
  return { field: m[1] as string, op: m[2] as string, value: m[3] as string };
}

function test(c: Condition, value: string): boolean {
  switch (c.op) {
    case '=':
      return value === c.value;
    case '!=':
      return value !== c.value;
    case 'IN':
      return c.value.split(',').includes(value);
    case 'NOT IN':
      return !c.value.split(',').includes(value);
    case 'STARTSWITH':
      return value.toLowerCase().startsWith(c.value.toLowerCase());
    case 'ENDSWITH':
      return value.toLowerCase().endsWith(c.value.toLowerCase());
    case 'LIKE':
      return value.toLowerCase().includes(c.value.toLowerCase());
    case 'NOT LIKE':
      return !value.toLowerCase().includes(c.value.toLowerCase());
    case '>':
      return value > c.value;
    case '>=':
      return value >= c.value;
    case '<':
      return value < c.value;
    case '<=':
      return value <= c.value;
    default:
      return true;
  }
}

export interface Compiled {
  filter(row: Row): boolean;
  order: { field: string; desc: boolean }[];
  /** Conditions dropped because their field does not exist (what a real instance silently ignores). */
  ignored: string[];
}

export function compileQuery(text: string | undefined, ctx: QueryContext): Compiled {
  const order: Compiled['order'] = [];
  const ignored: string[] = [];
  // Groups of OR-ed conditions, all groups AND-ed.
  const groups: Condition[][] = [];
  for (const [i, part] of (text ?? '').split('^').entries()) {
    if (!part) continue;
    const isOr = part.startsWith('OR') && i > 0 && !part.startsWith('ORDERBY');
    const body = isOr ? part.slice(2) : part;
    if (body.startsWith('ORDERBYDESC')) {
      order.push({ field: body.slice('ORDERBYDESC'.length), desc: true });
      continue;
    }
    if (body.startsWith('ORDERBY')) {
      order.push({ field: body.slice('ORDERBY'.length), desc: false });
      continue;
    }
    const c = parseCondition(body);
    if (!c || !ctx.knows(c.field)) {
      ignored.push(body);
      continue;
    }
    if (isOr && groups.length) (groups.at(-1) as Condition[]).push(c);
    else groups.push([c]);
  }
  return {
    filter: (row) => groups.every((g) => g.some((c) => test(c, ctx.get(row, c.field) ?? ''))),
    order,
    ignored,
  };
}

/** Sorts by the ORDERBY fields (then sys_id, as the database would break ties in this simulator). */
export function sortRows(rows: Row[], order: Compiled['order'], ctx: QueryContext): Row[] {
  const keys = [...order.filter((o) => ctx.knows(o.field)), { field: 'sys_id', desc: false }];
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const x = ctx.get(a, k.field) ?? '';
      const y = ctx.get(b, k.field) ?? '';
      if (x !== y) return (x < y ? -1 : 1) * (k.desc ? -1 : 1);
    }
    return 0;
  });
}
