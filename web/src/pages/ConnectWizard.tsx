import { Alert, Anchor, Button, Card, Checkbox, Group, List, SimpleGrid, Stack, Stepper, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, errorText } from '../api/client.js';
import type { Connector, ConnectorType, Items, TestResult } from '../api/types.js';
import { useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { SchemaForm } from '../components/SchemaForm.js';
import { cleanValues, defaultsOf, fieldErrors, streamNames, type FormValues } from '../lib/schema.js';
import { EmptyState, QueryView } from '../components/states.js';
import { TestChecks } from '../components/TestChecks.js';
import { StreamTable, SyncProgress } from './Connectors.js';

/** The wizard keeps its non-secret answers across the provider's consent page (which navigates away and back). */
const DRAFT_KEY = 'parapet.connect-draft';
interface Draft {
  provider: string;
  name: string;
  values: FormValues;
  streams: string[];
}

/** `{integrationKey}`-style placeholders in a consent URL filled from the form, `{redirectUri}` with the wizard. */
export function consentLink(template: string, values: FormValues): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    if (key === 'redirectUri') return encodeURIComponent(`${window.location.origin}/connectors/new?consent=done`);
    const value = values[key];
    return typeof value === 'string' ? encodeURIComponent(value) : '';
  });
}

function ChooseType({ types, onPick }: { types: ConnectorType[]; onPick(t: ConnectorType): void }) {
  if (types.length === 0) return <EmptyState title="No connector types are installed" />;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {types.map((t) => (
        <UnstyledButton key={t.id} onClick={() => onPick(t)} aria-label={`Connect ${t.displayName}`}>
          <Card withBorder h="100%">
            <Title order={3} size="h4">
              {t.displayName}
            </Title>
            <Text size="sm" c="dimmed">
              Streams: {streamNames(t.streams).join(', ')}
            </Text>
          </Card>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
}

export function ConnectWizardPage() {
  const canChange = useCanChange('connectors');
  const types = useQuery({ queryKey: ['connector-types'], queryFn: () => api.get<Items<ConnectorType>>('/connector-types') });
  return (
    <>
      <PageHeader title="Connect an app" description="Parapet reads the app through its public API with the credentials you give here." />
      {!canChange ? (
        <EmptyState title="Only an admin can connect apps" />
      ) : (
        <QueryView query={types}>{({ items }) => <Wizard types={items} />}</QueryView>
      )}
    </>
  );
}

function Wizard({ types }: { types: ConnectorType[] }) {
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const savedDraft = (() => {
    if (!params.get('consent')) return null;
    try {
      return JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
    } catch {
      return null;
    }
  })();
  const initialType = types.find((t) => t.id === (savedDraft?.provider ?? params.get('provider'))) ?? null;
  const [step, setStep] = useState(initialType ? 1 : 0);
  const [type, setType] = useState<ConnectorType | null>(initialType);
  const [name, setName] = useState(savedDraft?.name ?? '');
  const [values, setValues] = useState<FormValues>(savedDraft?.values ?? (initialType ? defaultsOf(initialType.configSchema) : {}));
  const [streams, setStreams] = useState<string[]>(savedDraft?.streams ?? (initialType ? streamNames(initialType.streams) : []));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Connector | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);

  const pick = (t: ConnectorType) => {
    setType(t);
    setValues(defaultsOf(t.configSchema));
    setStreams(streamNames(t.streams));
    setName(`${t.id}-${Math.random().toString(36).slice(2, 6)}`);
    setErrors({});
    setStep(1);
  };

  const config = () => (type ? cleanValues(type.configSchema, values) : {});

  /** Test before save: the checks run against the settings as typed; nothing is stored until they pass. */
  const testSettings = useMutation({
    mutationFn: () => {
      if (!type) throw new Error('Choose an app first');
      return api.post<TestResult>('/connectors/test', { provider: type.id, config: config() });
    },
    onMutate: () => {
      setErrors({});
      setFormError(null);
    },
    onSuccess: (result) => {
      setTest(result);
      setStep(2);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.errors.length) setErrors(fieldErrors(error.errors));
      setFormError(errorText(error));
    },
  });

  /** Saves the tested settings and starts the first sync. */
  const saveAndSync = useMutation({
    mutationFn: async () => {
      if (!type) throw new Error('Choose an app first');
      const connector = await api.post<Connector>('/connectors', { provider: type.id, name, config: config(), streams });
      setCreated(connector);
      await api.post(`/connectors/${connector.id}/sync`);
      return connector;
    },
    onSuccess: () => {
      sessionStorage.removeItem(DRAFT_KEY);
      void queryClient.invalidateQueries({ queryKey: ['connectors'] });
      setStep(3);
    },
    onError: (error) => {
      // A name already taken (or another field) is fixed on the settings page, with the answers kept.
      if (error instanceof ApiError && error.errors.length) {
        setErrors(fieldErrors(error.errors));
        setFormError(errorText(error));
        setStep(1);
      }
    },
  });

  const progress = useQuery({
    queryKey: ['connectors', created?.id],
    queryFn: () => api.get<Connector>(`/connectors/${created?.id ?? ''}`),
    enabled: step === 3 && Boolean(created),
    refetchInterval: 2_000,
  });

  const rememberDraft = () => {
    if (!type) return;
    const nonSecret = Object.fromEntries(Object.entries(values).filter(([k]) => !type.secretFields.includes(k)));
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify({ provider: type.id, name, values: nonSecret, streams } satisfies Draft));
  };

  return (
    <Stepper styles={{ content: { paddingTop: 24 } }} active={step} onStepClick={(s) => s < step && step < 2 && setStep(s)} allowNextStepsSelect={false}>
      <Stepper.Step label="App" description="Which app">
        <ChooseType types={types} onPick={pick} />
      </Stepper.Step>
      <Stepper.Step label="Settings" description="Credentials and streams">
        {type && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              testSettings.mutate();
            }}
          >
            <Stack maw={720}>
              {type.prerequisites.length > 0 && (
                <Alert title={`Before you start in ${type.displayName}`} color="blue" variant="light">
                  <List size="sm" type="ordered">
                    {type.prerequisites.map((p) => (
                      <List.Item key={p}>{p}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <TextInput label="Connection name" description="How this connection is shown in Parapet." required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
              <SchemaForm schema={type.configSchema} secretFields={type.secretFields} values={values} errors={errors} onChange={setValues} />
              {type.consentUrl && (
                <Card withBorder>
                  <Text size="sm" mb="xs">
                    {type.displayName} asks an administrator to grant consent once. The button opens {type.displayName}'s consent page; it returns here afterwards.
                  </Text>
                  <Button component="a" variant="default" href={consentLink(type.consentUrl, values)} onClick={rememberDraft}>
                    Connect in {type.displayName}
                  </Button>
                  {params.get('consent') === 'done' && (
                    <Text size="sm" c="green" mt="xs">
                      Consent returned. Re-enter the secret fields if they are empty, then connect.
                    </Text>
                  )}
                </Card>
              )}
              <Checkbox.Group label="What to collect" description="Streams this connection reads." value={streams} onChange={setStreams}>
                <Stack gap={4} mt="xs">
                  {streamNames(type.streams).map((s) => (
                    <Checkbox key={s} value={s} label={s} />
                  ))}
                </Stack>
              </Checkbox.Group>
              {formError && (
                <Alert color="red" title="Not connected yet" role="alert">
                  {formError}
                </Alert>
              )}
              <Group>
                <Button variant="default" onClick={() => setStep(0)}>
                  Back
                </Button>
                <Button type="submit" loading={testSettings.isPending} disabled={streams.length === 0}>
                  Test settings
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stepper.Step>
      <Stepper.Step label="Test" description="Named checks, before saving">
        <Stack maw={720}>
          {test && (
            <Alert color={test.ok ? 'green' : 'red'} title={test.ok ? 'All checks passed' : 'A check failed'} role={test.ok ? 'status' : 'alert'}>
              {test.ok
                ? 'Parapet can read this app with these settings. Save them (encrypted at rest) and start the first sync.'
                : 'Nothing was saved. Change the settings the failing check names, then test again.'}
            </Alert>
          )}
          {test && <TestChecks checks={test.checks} />}
          <Group>
            <Button variant="default" onClick={() => setStep(1)}>
              Change settings
            </Button>
            <Button variant="default" onClick={() => testSettings.mutate()} loading={testSettings.isPending}>
              Test now
            </Button>
            <Button onClick={() => saveAndSync.mutate()} disabled={!test?.ok} loading={saveAndSync.isPending}>
              Save and start first sync
            </Button>
          </Group>
          {saveAndSync.error && <Text c="red">{errorText(saveAndSync.error)}</Text>}
        </Stack>
      </Stepper.Step>
      <Stepper.Step label="First sync" description="Progress per stream">
        <Stack>
          <QueryView query={progress} label="Starting the first sync…">
            {(c) => (
              <>
                <SyncProgress connector={c} />
                <Text>
                  {c.activities.toLocaleString()} activities and {c.accounts.toLocaleString()} accounts collected so far.
                </Text>
                <StreamTable connector={c} />
              </>
            )}
          </QueryView>
          <Group>
            <Anchor component={Link} to={`/connectors/${created?.id ?? ''}`}>
              Open the connection
            </Anchor>
            <Anchor component={Link} to={`/activity?connector=${created?.id ?? ''}`}>
              See its activity
            </Anchor>
          </Group>
        </Stack>
      </Stepper.Step>
    </Stepper>
  );
}
