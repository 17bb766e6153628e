import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, apiUrl } from '../api/client.js';
import type { PostureFinding, PostureHistoryEntry, PostureReport, PostureScore } from '../api/types.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';
import { formatTime } from '../format.js';

const SEVERITY_COLOR = { critical: 'red', high: 'orange', medium: 'yellow', low: 'gray' } as const;

function ScoreCard({ name, score, app }: { name: string; score: PostureScore; app: string }) {
  return (
    <Card withBorder data-testid="posture-score" data-app={app}>
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

/** One check's findings over time on one connection, newest first: what drifted, and the alert it raised. */
function CheckHistory({ finding }: { finding: PostureFinding }) {
  const history = useQuery({
    queryKey: ['posture-history', finding.checkId, finding.connectorInstanceId],
    queryFn: () => api.get<{ items: PostureHistoryEntry[] }>(`/posture/history/${encodeURIComponent(finding.checkId)}`, { connector: finding.connectorInstanceId }),
  });
  const card = useRef<HTMLDivElement>(null);
  // The history opens below a long table: bring it into view. (Braces: newer browsers return a promise from
  // scrollIntoView, which React would take for a cleanup function.)
  useEffect(() => {
    void card.current?.scrollIntoView({ block: 'start' });
  }, [finding.checkId, finding.connectorInstanceId]);
  return (
    <Card withBorder data-testid="posture-history" ref={card}>
      <Title order={3} size="h4" mb="xs">
        History of {finding.checkId} on {finding.instanceName}
      </Title>
      <QueryView query={history} label="history">
        {(h) => (
          <RecordTable
            rows={h.items}
            label="Check history"
            empty="No history yet."
            rowKey={(e) => e.id}
            columns={[
              { label: 'When', render: (e) => formatTime(e.evaluatedAt) },
              { label: 'Status', render: (e) => e.status },
              { label: 'Value', render: (e) => (e.observed === null ? '—' : String(e.observed)) },
              { label: 'Found', render: (e) => e.evidence },
              {
                label: 'Drift alert',
                render: (e) =>
                  e.alertId ? (
                    <Anchor component={Link} to={`/alerts/${e.alertId}`}>
                      Open alert
                    </Anchor>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

export function PosturePage() {
  const report = useQuery({ queryKey: ['posture'], queryFn: () => api.get<PostureReport>('/posture') });
  const [historyOf, setHistoryOf] = useState<PostureFinding | null>(null);
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
            <a href={apiUrl('/posture/export', { format: 'ocsf' })}>OCSF</a>
          </Group>
        }
      />
      <QueryView query={report} label="posture">
        {(r) => {
          const failing = r.findings.filter((f) => f.status === 'fail' && !f.exception);
          const notEvaluated = r.findings.filter((f) => f.status === 'error' || (f.status === 'not_applicable' && f.notEvaluable !== null));
          if (r.findings.length === 0) {
            return <Text>No posture findings yet: connect DocuSign or Microsoft 365 and let a sync read its settings.</Text>;
          }
          return (
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <ScoreCard name="Overall" score={r.overall} app="overall" />
                {r.apps.map((a) => (
                  <ScoreCard key={a.provider} name={a.appName} score={a.score} app={a.provider} />
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
                          <Button variant="default" size="compact-xs" w="fit-content" aria-label={`History of ${f.checkId} on ${f.instanceName}`} onClick={() => setHistoryOf(f)}>
                            History
                          </Button>
                        </Stack>
                      ),
                    },
                    { label: 'Found', render: (f) => `${f.evidence}${f.expected ? ` Expected: ${f.expected}.` : ''}` },
                    { label: 'Fix', render: (f) => f.remediation },
                  ]}
                />
              </Card>
              {historyOf && <CheckHistory finding={historyOf} />}
              {notEvaluated.length > 0 && (
                <Card withBorder>
                  <Title order={3} size="h4" mb="xs">
                    Not evaluated
                  </Title>
                  <RecordTable
                    rows={notEvaluated}
                    label="Not evaluated"
                    empty=""
                    rowKey={(f) => `${f.connectorInstanceId}/${f.checkId}`}
                    columns={[
                      { label: 'Check', render: (f) => `${f.checkId} ${f.title}` },
                      { label: 'Connection', render: (f) => f.instanceName },
                      { label: 'Why', render: (f) => f.evidence },
                    ]}
                  />
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
