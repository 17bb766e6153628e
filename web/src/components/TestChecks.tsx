import { List, Text, ThemeIcon } from '@mantine/core';
import type { ConnectionCheck } from '../api/types.js';
import { humanize } from '../format.js';

/** Each named check of "Test now", passed or failed with the reason. */
export function TestChecks({ checks }: { checks: ConnectionCheck[] }) {
  return (
    <List spacing="xs" aria-label="Connection checks" data-testid="test-checks">
      {checks.map((check) => (
        <List.Item
          key={check.name}
          data-check={check.name}
          data-ok={check.ok}
          icon={
            <ThemeIcon color={check.ok ? 'green' : 'red'} size={20} radius="xl" aria-hidden="true">
              {check.ok ? '✓' : '✕'}
            </ThemeIcon>
          }
        >
          <Text size="sm" fw={600} span>
            {humanize(check.name)}: {check.ok ? 'passed' : 'failed'}
          </Text>
          {check.detail && (
            <Text size="sm" c={check.ok ? 'dimmed' : 'red'}>
              {check.detail}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}
