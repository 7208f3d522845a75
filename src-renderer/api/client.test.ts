import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/contract/result.ts';
import { ApiError } from './api-error.ts';
import { createApiClient } from './client.ts';
import type { ConnectionStatus, EventListener, Transport } from './transport.ts';

/** A transport that answers from a table, so the client's own mapping is what is under test. */
function tableTransport(answers: Record<string, Result<unknown>>) {
  const listeners = new Set<EventListener>();
  const sent: Array<[string, unknown]> = [];
  const status: ConnectionStatus = { state: 'connected' };
  const transport: Transport = {
    invoke: (channel, payload) => {
      sent.push([channel, payload]);
      return Promise.resolve(answers[channel] ?? { ok: false, error: { code: 'unknown_channel', message: channel } });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status: () => status,
    onStatus: () => () => {},
    reconnect: () => {},
  };
  return { transport, sent, emit: (event: string, payload: unknown) => listeners.forEach((l) => l(event, payload)) };
}

describe('api client', () => {
  it('resolves with the value of an ok envelope and sends the request as given', async () => {
    const { transport, sent } = tableTransport({ 'app:ping': { ok: true, value: { sentAt: 1, receivedAt: 2, uptimeMs: 3 } } });
    const api = createApiClient(transport);
    await expect(api.invoke('app:ping', { sentAt: 1 })).resolves.toEqual({ sentAt: 1, receivedAt: 2, uptimeMs: 3 });
    expect(sent).toEqual([['app:ping', { sentAt: 1 }]]);
  });

  it('throws an ApiError that keeps the code and says which field is wrong', async () => {
    const details = [{ path: 'id', message: 'Too small' }];
    const { transport } = tableTransport({ 'profiles:activate': { ok: false, error: { code: 'validation', message: 'bad id', details } } });
    const failure = await createApiClient(transport).invoke('profiles:activate', { id: '' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'validation', message: 'bad id', details });
    expect((failure as ApiError).detailFor('id')).toBe('Too small');
    expect((failure as ApiError).detailFor('name')).toBeUndefined();
  });

  it('delivers only the subscribed event, until unsubscribed', () => {
    const { transport, emit } = tableTransport({});
    const seen: unknown[] = [];
    const unsubscribe = createApiClient(transport).subscribe('app:notice', (payload) => seen.push(payload));
    emit('profiles:changed', { activeId: 'x' });
    emit('app:notice', { level: 'info', message: 'hello' });
    unsubscribe();
    emit('app:notice', { level: 'info', message: 'after' });
    expect(seen).toEqual([{ level: 'info', message: 'hello' }]);
  });
});
