import { useEffect, useState } from 'react';

type ServerState = { kind: 'checking' } | { kind: 'ready' } | { kind: 'unavailable'; message: string };

async function checkServer(): Promise<ServerState> {
  try {
    const response = await fetch('/readyz');
    if (response.ok) return { kind: 'ready' };
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { kind: 'unavailable', message: body?.error?.message ?? `HTTP ${response.status}` };
  } catch (error) {
    return { kind: 'unavailable', message: error instanceof Error ? error.message : 'network error' };
  }
}

export function App() {
  const [state, setState] = useState<ServerState>({ kind: 'checking' });

  useEffect(() => {
    let cancelled = false;
    void checkServer().then((next) => {
      if (!cancelled) setState(next);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <main className="page">
      <header>
        <h1>DualMind Lab</h1>
        <p className="tagline">Send one prompt to two models, watch both answers stream side by side, vote for the better one.</p>
      </header>
      <section className="card" aria-live="polite">
        <h2>Server</h2>
        {state.kind === 'checking' && <p data-testid="server-status">Checking…</p>}
        {state.kind === 'ready' && (
          <p data-testid="server-status" className="ok">
            Ready: database reachable and migrated.
          </p>
        )}
        {state.kind === 'unavailable' && (
          <p data-testid="server-status" className="error">
            Not ready: {state.message}
          </p>
        )}
        <p>
          The API is described at <a href="/api/openapi.json">/api/openapi.json</a>. The arena, chat and leaderboard screens
          are on their way.
        </p>
      </section>
    </main>
  );
}
