import { Badge } from '@mantine/core';
import { SEVERITY_COLOR, STATUS_COLOR, humanize } from '../format.js';

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light">
      {humanize(status)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <Badge color={SEVERITY_COLOR[severity] ?? 'gray'} variant="filled">
      {severity}
    </Badge>
  );
}
