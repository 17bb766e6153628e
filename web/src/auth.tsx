import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, SESSION_EXPIRED_EVENT, api, setCsrfToken } from './api/client.js';
import type { Role, Session, User } from './api/types.js';
import { PageLoading } from './components/states.js';

interface AuthState {
  user: User | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/** Set when a signed-in request came back 401 (not on a first visit): the sign-in page then says so. */
let sessionExpired = false;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/auth/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ['me'], queryFn: fetchSession, staleTime: Infinity, retry: false });

  useEffect(() => {
    // Forgetting the user makes RequireAuth send the page to sign-in, with next= and the notice.
    const expired = () => {
      setCsrfToken(null);
      sessionExpired = true;
      queryClient.setQueryData(['me'], null);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
  }, [queryClient]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const session = await api.post<Session>('/auth/login', { username, password });
      setCsrfToken(session.csrfToken);
      sessionExpired = false;
      // Drop the previous user's data but keep the `me` query itself: its observer is what re-renders the app.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      queryClient.setQueryData(['me'], session);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      queryClient.setQueryData(['me'], null);
      navigate('/sign-in', { replace: true });
    }
  }, [navigate, queryClient]);

  const value: AuthState = { user: me.data?.user ?? null, loading: me.isPending, signIn, signOut };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** What a role may change (API-CONTRACT.md "Roles"); the server checks the same on every route. */
export type ChangeArea = 'connectors' | 'alerts' | 'policies' | 'ip-ranges' | 'users' | 'tokens' | 'feeds';
const ANALYST_AREAS: ReadonlySet<ChangeArea> = new Set(['alerts', 'policies', 'ip-ranges']);
export function canChange(role: Role | undefined, area: ChangeArea): boolean {
  if (role === 'admin') return true;
  if (role === 'analyst') return ANALYST_AREAS.has(area);
  return false;
}
export function useCanChange(area: ChangeArea): boolean {
  return canChange(useAuth().user?.role, area);
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageLoading />;
  if (!user) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}${sessionExpired ? '&expired=1' : ''}`} replace />;
  return <>{children}</>;
}
