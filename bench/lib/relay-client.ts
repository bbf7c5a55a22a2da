/** Small clients of the relay under test shared by the benchmarks. */

/** A developer JWT from the relay's local-mode sign-in (`POST /v1/auth/local`). */
export async function localToken(relayUrl: string, name = 'bench'): Promise<string> {
  const res = await fetch(`${relayUrl}/v1/auth/local`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`local sign-in: HTTP ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
