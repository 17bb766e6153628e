import { Anchor, Badge, Button, Card, Group, Modal, Stack, Switch, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api, errorText } from '../api/client.js';
import type { Items, Policy } from '../api/types.js';
import { useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';
import { SeverityBadge } from '../components/StatusBadge.js';

/** A starting point for the editor (docs/policies/custom.md has the full reference). */
export const CUSTOM_POLICY_EXAMPLE = `id: custom.after-hours-admin
title: After-hours admin changes
description: Role and setting changes outside office hours.
severity: high
where:
  - field: action
    in: [admin.role_assigned, admin.setting_changed]
  - timeOfDay: { from: "20:00", to: "06:00", timezone: Europe/Berlin }
tests:
  - name: a role assigned at 23:30 Berlin time alerts
    activities:
      - { action: admin.role_assigned, actor: { email: root@example.com }, time: "2026-01-05T22:30:00Z" }
    expect: { alerts: 1 }
  - name: office hours do not
    activities:
      - { action: admin.role_assigned, actor: { email: root@example.com }, time: "2026-01-05T10:00:00Z" }
    expect: { alerts: 0 }
`;

/** Line-numbered problems of a custom policy, as the API reports them (422 `errors`). */
export function PolicyErrors({ error }: { error: unknown }) {
  if (!error) return null;
  const items = error instanceof ApiError && error.errors.length ? error.errors : null;
  return (
    <Stack gap={2} role="alert">
      <Text c="red" size="sm" fw={600}>
        {error instanceof ApiError ? error.title : 'The policy was not saved'}
      </Text>
      {items ? (
        items.map((e, i) => (
          <Text key={i} c="red" size="sm" ff="monospace">
            {e.line !== undefined ? `line ${e.line}: ` : e.path ? `${e.path}: ` : ''}
            {e.message}
          </Text>
        ))
      ) : (
        <Text c="red" size="sm">
          {errorText(error)}
        </Text>
      )}
    </Stack>
  );
}

export function CustomPolicyEditor({ initial, onSave, busy, error, onCancel }: { initial: string; onSave(source: string): void; busy: boolean; error: unknown; onCancel?(): void }) {
  const [source, setSource] = useState(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSave(source);
      }}
    >
      <Stack>
        <Textarea
          label="Policy source (YAML or JSON)"
          description="Saved only when it validates; problems are listed by line."
          autosize
          minRows={12}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
          spellCheck={false}
        />
        <PolicyErrors error={error} />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={busy}>
            Validate and save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PoliciesPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canChange = useCanChange('policies');
  const [creating, setCreating] = useState(false);
  const policies = useQuery({ queryKey: ['policies'], queryFn: () => api.get<Items<Policy>>('/policies') });
  const toggle = useMutation({
    mutationFn: (p: Policy) => api.patch(`/policies/${p.id}`, { enabled: !p.enabled }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['policies'] }),
    onError: (e) => notifications.show({ color: 'red', title: 'Policy not changed', message: errorText(e) }),
  });
  const create = useMutation({
    mutationFn: (source: string) => api.post<Policy>('/policies/custom', { source }),
    onSuccess: (p) => {
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: ['policies'] });
      void navigate(`/policies/${p.id}`);
    },
  });
  return (
    <>
      <PageHeader
        title="Policies"
        description="What Parapet looks for. Built-in policies can be tuned; custom ones written, tested and backtested."
        actions={canChange && <Button onClick={() => setCreating(true)}>New custom policy</Button>}
      />
      <QueryView query={policies}>
        {({ items }) => (
          <Card withBorder>
            <RecordTable
              rows={items}
              label="Policies"
              empty="No policies"
              rowKey={(p) => p.id}
              columns={[
                {
                  label: 'Policy',
                  render: (p) => (
                    <Stack gap={0}>
                      <Anchor component={Link} to={`/policies/${encodeURIComponent(p.id)}`} fw={600}>
                        {p.title}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {p.description}
                      </Text>
                    </Stack>
                  ),
                },
                { label: 'Kind', render: (p) => <Badge variant="light">{p.kind === 'custom' ? 'custom' : 'built-in'}</Badge> },
                { label: 'Severity', render: (p) => <SeverityBadge severity={p.severity} /> },
                { label: 'Sensitivity', render: (p) => p.sensitivity ?? '—' },
                {
                  label: 'Enabled',
                  render: (p) =>
                    canChange ? (
                      <Switch aria-label={`${p.enabled ? 'Disable' : 'Enable'} ${p.title}`} checked={p.enabled} onChange={() => toggle.mutate(p)} />
                    ) : (
                      <Text size="sm">{p.enabled ? 'on' : 'off'}</Text>
                    ),
                },
              ]}
            />
          </Card>
        )}
      </QueryView>
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={creating} onClose={() => setCreating(false)} title="New custom policy" size="xl">
        <CustomPolicyEditor initial={CUSTOM_POLICY_EXAMPLE} onSave={(s) => create.mutate(s)} busy={create.isPending} error={create.error} onCancel={() => setCreating(false)} />
      </Modal>
    </>
  );
}
