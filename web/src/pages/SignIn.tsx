import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { api, apiUrl, errorText } from '../api/client.js';
import { useAuth } from '../auth.js';

/** Only same-site paths: a crafted ?next= must not send a signed-in user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { user, signIn } = useAuth();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => api.get<{ oidc: boolean }>('/auth/config'), retry: false });
  const next = safeNext(params.get('next'));

  useEffect(() => {
    document.title = 'Sign in · Parapet';
  }, []);

  if (user) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <main>
        <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
          <form onSubmit={(e) => void submit(e)}>
            <Stack>
              <Title order={1} size="h3">
                Sign in to Parapet
              </Title>
              {params.get('expired') && !error && (
                <Alert color="yellow" role="status">
                  Your session ended. Sign in again to return to where you were.
                </Alert>
              )}
              {error && (
                <Alert color="red" role="alert" title="Sign-in failed">
                  {error}
                </Alert>
              )}
              <TextInput label="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} data-autofocus autoFocus />
              <PasswordInput label="Password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy}>
                Sign in
              </Button>
              {config.data?.oidc && (
                <Button component="a" variant="default" href={`${apiUrl('/auth/oidc/login')}?next=${encodeURIComponent(next)}`}>
                  Sign in with single sign-on
                </Button>
              )}
              <Text size="xs" c="dimmed">
                First run? The admin's password was printed once by <code>npm start</code> (or set <code>PARAPET_ADMIN_PASSWORD</code>).{' '}
                <Anchor href="/api/docs" size="xs">
                  API docs
                </Anchor>
              </Text>
            </Stack>
          </form>
        </Paper>
      </main>
    </Center>
  );
}
