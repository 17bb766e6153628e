import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyState } from './states.js';
import { KEYBOARD_SCROLL } from './keyboard-scroll.js';

export interface Column<T> {
  label: string;
  render(row: T): ReactNode;
}

/** A plain table of records, with the empty state when there are none. */
export function RecordTable<T>({ rows, columns, label, empty, rowKey }: { rows: T[]; columns: Column<T>[]; label: string; empty: string; rowKey(row: T, index: number): string }) {
  if (rows.length === 0) return <EmptyState title={empty} />;
  return (
    <Table.ScrollContainer minWidth={600} scrollAreaProps={KEYBOARD_SCROLL}>
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.label}>{c.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={rowKey(row, i)}>
              {columns.map((c) => (
                <Table.Td key={c.label}>{c.render(row)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** First present string field of a loosely-typed record. */
export function pick(row: Record<string, unknown>, ...keys: string[]): string {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return '—';
}

export function Dim({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" span>
      {children}
    </Text>
  );
}
