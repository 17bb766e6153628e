import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../api/client.js';
import type { PostureReport, PostureScore } from '../api/types.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';

const SEVERITY_COLOR = { critical: 'red', high: 'orange', medium: 'yellow', low: 'gray' } as const;

function ScoreCard({ name, score }: { name: string; score: PostureScore }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {name}
      </Text>
      <Title order={2}>{score.score === null ? '—' : score.score}</Title>
      <Text size="xs">
        {score.passed} pass · {score.failed} fail{score.excepted ? ` · ${score.excepted} accepted` : ''}
        {score.errors ? ` · ${score.errors} not evaluated` : ''}
      </Text>
    </Card>
  );
}

export function PosturePage() {
  const report = useQuery({ queryKey: ['posture'], queryFn: () => api.get<PostureReport>('/posture') });
  return (
    <>
      <PageHeader
        title="Posture"
        description="Security settings of each connected app against Parapet's checks: the score, what fails, how to fix it."
        actions={
          <Group gap="xs">
            <a href={apiUrl('/posture/export', { format: 'html' })} target="_blank" rel="noreferrer">
              Printable report
            </a>
            <a href={apiUrl('/posture/export', { format: 'sarif' })}>SARIF</a>
          </Group>
        }
      />
      <QueryView query={report} label="posture">
        {(r) => {
          const failing = r.findings.filter((f) => f.status === 'fail' && !f.exception);
          const notEvaluated = r.findings.filter((f) => f.status === 'error');
          if (r.findings.length === 0) {
            return <Text>No posture findings yet: connect DocuSign or Microsoft 365 and let a sync read its settings.</Text>;
          }
          return (
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <ScoreCard name="Overall" score={r.overall} />
                {r.apps.map((a) => (
                  <ScoreCard key={a.provider} name={a.appName} score={a.score} />
                ))}
              </SimpleGrid>
              <Card withBorder>
                <Title order={3} size="h4" mb="xs">
                  Failing checks, by score gain
                </Title>
                <RecordTable
                  rows={failing}
                  label="Failing checks"
                  empty="Nothing fails."
                  rowKey={(f) => `${f.connectorInstanceId}/${f.checkId}`}
                  columns={[
                    { label: 'Gain', render: (f) => `+${f.gain}` },
                    {
                      label: 'Check',
                      render: (f) => (
                        <Stack gap={2}>
                          <Group gap={4}>
                            <Text fw={600}>{f.checkId}</Text>
                            <Badge color={SEVERITY_COLOR[f.severity]} size="sm">
                              {f.severity}
                            </Badge>
                          </Group>
                          <Text size="sm">{f.title}</Text>
                          <Text size="xs" c="dimmed">
                            {f.instanceName}
                            {f.reference ? ` · ${f.reference}` : ''}
                          </Text>
                        </Stack>
                      ),
                    },
                    { label: 'Found', render: (f) => `${f.evidence}${f.expected ? ` Expected: ${f.expected}.` : ''}` },
                    { label: 'Fix', render: (f) => f.remediation },
                  ]}
                />
              </Card>
              {notEvaluated.length > 0 && (
                <Card withBorder>
                  <Title order={3} size="h4" mb="xs">
                    Not evaluated
                  </Title>
                  <RecordTable rows={notEvaluated} label="Not evaluated" empty="" rowKey={(f) => `${f.connectorInstanceId}/${f.checkId}`} columns={[{ label: 'Check', render: (f) => f.checkId }, { label: 'Why', render: (f) => f.evidence }]} />
                </Card>
              )}
              <Card withBorder>
                <Title order={3} size="h4" mb="xs">
                  Accepted risks
                </Title>
                <RecordTable
                  rows={r.exceptions}
                  label="Accepted risks"
                  empty="No accepted risks. Add one with `parapet posture exception add`."
                  rowKey={(e) => e.id}
                  columns={[
                    { label: 'Check', render: (e) => e.checkId },
                    { label: 'Owner', render: (e) => e.owner },
                    { label: 'Reason', render: (e) => e.reason },
                    { label: 'Until', render: (e) => `${new Date(e.expiresAt).toISOString().slice(0, 10)}${e.expired ? ' (expired)' : ''}` },
                  ]}
                />
              </Card>
            </Stack>
          );
        }}
      </QueryView>
    </>
  );
}
