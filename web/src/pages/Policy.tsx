import { Anchor, Button, Card, Group, JsonInput, List, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorText } from '../api/client.js';
import type { BacktestResult, Policy, PolicyTestResult, Sensitivity, Severity } from '../api/types.js';
import { useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryView } from '../components/states.js';
import { SeverityBadge } from '../components/StatusBadge.js';
import { CustomPolicyEditor, PolicyErrors } from './Policies.js';

const DAY = 86_400_000;

function Parameters({ policy, canChange }: { policy: Policy; canChange: boolean }) {
  const queryClient = useQueryClient();
  const [params, setParams] = useState(JSON.stringify(policy.params ?? {}, null, 2));
  const [severity, setSeverity] = useState<Severity>(policy.severity);
  const [sensitivity, setSensitivity] = useState<Sensitivity>(policy.sensitivity ?? 'medium');
  const save = useMutation({
    mutationFn: () => api.patch(`/policies/${encodeURIComponent(policy.id)}`, { params: JSON.parse(params) as unknown, severity, sensitivity }),
    onSuccess: () => {
      notifications.show({ message: 'Policy saved' });
      void queryClient.invalidateQueries({ queryKey: ['policies'] });
    },
  });
  const docs = Object.entries(policy.paramDocs ?? {});
  return (
    <Stack>
      <Group>
        <Select label="Severity" data={['low', 'medium', 'high', 'critical']} value={severity} onChange={(v) => v && setSeverity(v as Severity)} disabled={!canChange} allowDeselect={false} w={200} />
        <Select
          label="Sensitivity"
          description="Presets for the parameters below"
          data={['low', 'medium', 'high']}
          value={sensitivity}
          onChange={(v) => v && setSensitivity(v as Sensitivity)}
          disabled={!canChange}
          allowDeselect={false}
          w={200}
        />
      </Group>
      <JsonInput label="Parameters" description="Overrides of the sensitivity's values; the server validates each." autosize minRows={4} value={params} onChange={setParams} validationError="Not valid JSON" readOnly={!canChange} formatOnBlur />
      {docs.length > 0 && (
        <Table fz="sm" aria-label="What the parameters mean" withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {docs.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th w={200} ff="monospace" fw={500}>
                  {k}
                </Table.Th>
                <Table.Td>{v}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <PolicyErrors error={save.error} />
      {canChange && (
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Save parameters
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function TestAndBacktest({ policy }: { policy: Policy }) {
  const [from, setFrom] = useState(new Date(Date.now() - 7 * DAY).toISOString().slice(0, 10));
  const [to, setTo] = useState(new Date().toISOString().slice(0, 10));
  const test = useMutation({ mutationFn: () => api.post<PolicyTestResult>(`/policies/${encodeURIComponent(policy.id)}/test`) });
  const backtest = useMutation({
    mutationFn: () => api.post<BacktestResult>(`/policies/${encodeURIComponent(policy.id)}/backtest`, { from: Date.parse(from), to: Date.parse(to) + DAY }),
  });
  return (
    <Stack>
      <Group>
        <Button variant="default" onClick={() => test.mutate()} loading={test.isPending}>
          Run its tests
        </Button>
      </Group>
      {test.error && <Text c="red">{errorText(test.error)}</Text>}
      {test.data && (
        <Stack gap={4}>
          <Text fw={600} c={test.data.passed ? undefined : 'red.9'}>
            {test.data.passed ? 'All tests passed' : 'Some tests failed'}
          </Text>
          <List size="sm">
            {test.data.cases.map((c, i) => (
              <List.Item key={i}>
                {c.passed ? '✓' : '✕'} {c.name}{c.failures?.length ? `: ${c.failures.join('; ')}` : ''}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      <Group align="flex-end">
        <TextInput type="date" label="Backtest from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button variant="default" onClick={() => backtest.mutate()} loading={backtest.isPending}>
          Backtest
        </Button>
      </Group>
      {backtest.error && <Text c="red">{errorText(backtest.error)}</Text>}
      {backtest.data && (
        <Stack gap={4}>
          <Text>
            {backtest.data.alerts.length} alert(s) would have been raised.{' '}
            {Object.entries(backtest.data.counts)
              .map(([k, v]) => `${k}: ${v}`)
              .join(' · ')}
          </Text>
          <List size="sm">
            {backtest.data.alerts.slice(0, 20).map((a, i) => (
              <List.Item key={a.id ?? i}>{a.explanation}</List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

export function PolicyPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canChange = useCanChange('policies');
  const policy = useQuery({ queryKey: ['policies', 'one', id], queryFn: () => api.get<Policy>(`/policies/${encodeURIComponent(id)}`) });
  const enable = useMutation({
    mutationFn: (enabled: boolean) => api.patch(`/policies/${encodeURIComponent(id)}`, { enabled }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['policies'] }),
  });
  const saveSource = useMutation({
    mutationFn: (source: string) => api.put(`/policies/custom/${encodeURIComponent(id)}`, { source }),
    onSuccess: () => {
      notifications.show({ message: 'Custom policy saved' });
      void queryClient.invalidateQueries({ queryKey: ['policies'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/policies/custom/${encodeURIComponent(id)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['policies'] });
      void navigate('/policies');
    },
  });
  return (
    <QueryView query={policy}>
      {(p) => {
        const custom = p.kind === 'custom';
        return (
          <>
            <PageHeader
              title={p.title}
              description={
                <>
                  <Anchor component={Link} to="/policies">
                    Policies
                  </Anchor>{' '}
                  · {p.id}
                </>
              }
              actions={
                <>
                  {canChange ? <Switch label="Enabled" checked={p.enabled} onChange={(e) => enable.mutate(e.currentTarget.checked)} /> : <Text>{p.enabled ? 'Enabled' : 'Disabled'}</Text>}
                  {canChange && custom && (
                    <Button color="red" variant="light" onClick={() => remove.mutate()} loading={remove.isPending}>
                      Delete
                    </Button>
                  )}
                </>
              }
            />
            <Stack>
              <Card withBorder>
                <Group gap="xs" mb="xs">
                  <SeverityBadge severity={p.severity} />
                </Group>
                <Text>{p.description}</Text>
                {p.runbook && (
                  <Text size="sm" c="dimmed" mt="xs">
                    What to do: {p.runbook}
                  </Text>
                )}
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  {custom ? 'Source' : 'Parameters and sensitivity'}
                </Title>
                {custom && canChange ? (
                  <CustomPolicyEditor initial={p.source ?? ''} onSave={(s) => saveSource.mutate(s)} busy={saveSource.isPending} error={saveSource.error} />
                ) : (
                  <Parameters policy={p} canChange={canChange} />
                )}
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Test and backtest
                </Title>
                {canChange ? <TestAndBacktest policy={p} /> : <Text c="dimmed">An analyst or admin can run the tests and backtests.</Text>}
              </Card>
            </Stack>
          </>
        );
      }}
    </QueryView>
  );
}
