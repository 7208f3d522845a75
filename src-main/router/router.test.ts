import { describe, expect, it } from 'vitest';
import { AppError, requestChannels } from '../../src-shared/contract/index.ts';
import { createServices } from '../services/container.ts';
import { createHandlers } from './handlers/index.ts';
import { createRouter } from './router.ts';

const ports = {
  paths: { userData: '/tmp/unused' },
  shellInfo: { shell: 'web' as const, appVersion: '0.0.0-test', electronVersion: null, chromeVersion: null },
};
const ctx = { shell: 'web' as const };

describe('router', () => {
  it('answers a valid ping with an ok envelope', async () => {
    const router = createRouter(createHandlers(await createServices(ports)));
    const reply = await router.handle('app:ping', { sentAt: 5 }, ctx);
    expect(reply.ok).toBe(true);
    if (reply.ok) expect(reply.value).toMatchObject({ sentAt: 5 });
  });

  it('keeps the message key of a profile schema message, so the renderer can translate it', async () => {
    const router = createRouter(createHandlers(await createServices(ports)));
    const reply = await router.handle('profiles:create', { profile: { name: ' ', idScope: 'x', hubs: [{ host: 'h' }] } }, ctx);
    expect(reply.ok || reply.error.details).toEqual([{ path: 'profile.name', message: 'The profile needs a name', key: 'profileNameRequired' }]);
  });

  it('refuses an unknown channel with its code', async () => {
    const router = createRouter(createHandlers(await createServices(ports)));
    const reply = await router.handle('app:nope', {}, ctx);
    expect(reply).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'Unknown channel: app:nope' } });
  });

  it.each([null, undefined, 42, 'text', [], { sentAt: 'x' }, { sentAt: 1, extra: true }, JSON.parse('{"__proto__": {"sentAt": 1}}')])(
    'answers a malformed ping payload %j with a validation error, never a throw',
    async (payload) => {
      const router = createRouter(createHandlers(await createServices(ports)));
      const reply = await router.handle('app:ping', payload, ctx);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('validation');
    },
  );

  it('gives every channel a validation error for a non-object payload', async () => {
    const router = createRouter(createHandlers(await createServices(ports)));
    for (const channel of Object.keys(requestChannels)) {
      const reply = await router.handle(channel, 'not an object', ctx);
      expect(reply, channel).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });

  it('turns a thrown AppError into its code and a plain error into internal, with secrets redacted', async () => {
    const services = await createServices(ports);
    const handlers = createHandlers(services);
    handlers['app:versions'] = () => {
      throw new AppError('not_found', 'gone');
    };
    handlers['app:ping'] = () => {
      throw new Error('HostName=h;SharedAccessKeyName=o;SharedAccessKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=');
    };
    const router = createRouter(handlers);
    expect(await router.handle('app:versions', {}, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'gone' } });
    const reply = await router.handle('app:ping', { sentAt: 1 }, ctx);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('internal');
      expect(reply.error.message).not.toContain('c2VjcmV0');
    }
  });

  it('strips a field the response schema does not name, so an unexpected key never crosses', async () => {
    const handlers = createHandlers(await createServices(ports));
    const real = handlers['app:versions'];
    const key = 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=';
    handlers['app:versions'] = async (request, context) => ({ ...(await real(request, context)), primaryKey: key });
    const reply = await createRouter(handlers).handle('app:versions', {}, ctx);
    expect(reply.ok).toBe(true);
    if (reply.ok) {
      expect(reply.value).not.toHaveProperty('primaryKey');
      expect(reply.value).toMatchObject({ app: '0.0.0-test', shell: 'web' });
    }
    expect(JSON.stringify(reply)).not.toContain(key);
  });

  it('refuses a reply of the wrong shape as internal, logs which field, and never echoes the value', async () => {
    const handlers = createHandlers(await createServices(ports));
    const key = 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=';
    handlers['app:ping'] = () => ({ sentAt: 1, receivedAt: key, uptimeMs: 3 }) as never;
    const logged: string[] = [];
    const router = createRouter(handlers, { onInternalError: (channel, error) => logged.push(`${channel}: ${(error as Error).message}`) });
    const reply = await router.handle('app:ping', { sentAt: 1 }, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain(key);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('receivedAt');
    expect(logged[0]).not.toContain(key);
  });
});
