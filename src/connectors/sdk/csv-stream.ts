import { StringDecoder } from 'node:string_decoder';

/**
 * RFC 4180 CSV read incrementally: quoted fields (with `""` escapes, commas and line breaks inside), CRLF or
 * LF line ends, a UTF-8 character split across chunks. Only the current row is held, never the whole body.
 */
export async function* csvRows(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let row: string[] = [];
  let field = '';
  let quoted = false;
  /** The previous character closed a quoted section (a `"` now is an escaped quote). */
  let afterQuote = false;
  let sawAny = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      sawAny = true;
      if (quoted) {
        if (c === '"') {
          quoted = false;
          afterQuote = true;
        } else field += c;
        continue;
      }
      if (c === '"') {
        if (afterQuote) field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (c === ',') endField();
      else if (c === '\n') {
        endField();
        if (!(row.length === 1 && row[0] === '')) yield row;
        row = [];
      } else if (c !== '\r') field += c;
    }
  }
  field += decoder.end();
  if (sawAny && (field !== '' || row.length > 0)) {
    endField();
    if (!(row.length === 1 && row[0] === '')) yield row;
  }
}

/** Rows of a CSV whose first row names the columns, as objects (extra cells dropped, missing ones ''). */
export async function* csvRecords(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Record<string, string>> {
  let header: string[] | null = null;
  for await (const row of csvRows(chunks)) {
    if (!header) {
      header = row;
      continue;
    }
    const record: Record<string, string> = Object.create(null) as Record<string, string>;
    header.forEach((name, i) => {
      record[name] = row[i] ?? '';
    });
    yield { ...record };
  }
}

/** Quotes a value for CSV when it needs it (simulators writing providers' CSV). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}
