import { describe, expect, it } from 'vitest';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.ts';

function setup() {
  const clock = { now: 0 };
  const changes: BreakerState[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    openMs: 1_000,
    now: () => clock.now,
    onStateChange: (s) => changes.push(s),
  });
  const call = (outcome: 'success' | 'failure' | 'release') => {
    const d = breaker.acquire();
    if (!d.ok) return d;
    d.permit[outcome]();
    return d;
  };
  return { clock, changes, breaker, call };
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures; a success resets the count', () => {
    const { breaker, call } = setup();
    call('failure');
    call('failure');
    call('success');
    call('failure');
    call('failure');
    expect(breaker.state).toBe('closed');
    call('failure');
    expect(breaker.state).toBe('open');
    const refused = breaker.acquire();
    expect(refused).toEqual({ ok: false, retryAfterMs: 1_000 });
  });

  it('lets one probe through when half-open; success closes, failure re-opens', () => {
    const { breaker, call, clock, changes } = setup();
    for (let i = 0; i < 3; i++) call('failure');
    clock.now = 1_000;
    expect(breaker.state).toBe('half-open');
    const probe = breaker.acquire();
    expect(probe.ok && probe.permit.probe).toBe(true);
    expect(breaker.acquire().ok).toBe(false);
    if (probe.ok) probe.permit.failure();
    expect(breaker.state).toBe('open');
    clock.now = 2_000;
    call('success');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('a released probe frees the slot without deciding', () => {
    const { breaker, call, clock } = setup();
    for (let i = 0; i < 3; i++) call('failure');
    clock.now = 1_000;
    call('release');
    expect(breaker.state).toBe('half-open');
    expect(breaker.acquire().ok).toBe(true);
  });

  it('reports each outcome once', () => {
    const { breaker } = setup();
    const d = breaker.acquire();
    if (!d.ok) throw new Error('closed breaker refused');
    d.permit.failure();
    d.permit.failure();
    d.permit.failure();
    expect(breaker.failures).toBe(1);
  });

  it('validates its options', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(TypeError);
    expect(() => new CircuitBreaker({ openMs: -1 })).toThrow(TypeError);
  });
});
