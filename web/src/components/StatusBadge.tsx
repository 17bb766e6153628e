import { Badge } from '@mantine/core';
import { SEVERITY_COLOR, STATUS_COLOR, humanize } from '../format.js';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="dot" style={{ minWidth: 'max-content' }}>
      {humanize(status)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={SEVERITY_COLOR[severity] ?? 'gray'} variant="filled" style={{ minWidth: 'max-content' }}>
      {severity}
    </Badge>
  );
}
