import { sendJson } from '../server/http-io.ts';
import type { Route } from '../hub/service-router.ts';
import { badRequest } from '../hub/service-error.ts';
import { HubServiceError } from '../hub/service-error.ts';
import type { HubAmqp } from './hub-amqp.ts';
import { PARTITION_COUNT } from './event-store.ts';
import { RoutingError, routingSchema } from './message-routing.ts';

/**
 * Sandbox-only settings of the built-in endpoint (on Azure: the portal's Built-in endpoints page):
 * consumer groups, partition count and retention, read by the console's Sandbox page.
 */
export function eventHubSandboxRoutes(amqp: HubAmqp, hubName: string): Route[] {
  return [
    {
      method: 'GET',
      path: '/sandbox/v1/eventHub',
      permissions: ['ServiceConnect', 'RegistryRead'],
      noApiVersion: true,
      handle: ({ res }) =>
        sendJson(res, 200, { path: hubName, partitionCount: PARTITION_COUNT, consumerGroups: amqp.consumerGroups.list(), retention: amqp.store.retention }),
    },
    {
      method: 'GET',
      path: '/sandbox/v1/routing',
      permissions: ['ServiceConnect', 'RegistryRead'],
      noApiVersion: true,
      handle: ({ res }) => sendJson(res, 200, amqp.routing.router.config),
    },
    {
      method: 'PUT',
      path: '/sandbox/v1/routing',
      permissions: ['ServiceConnect'],
      noApiVersion: true,
      handle: async ({ res, json }) => {
        const parsed = routingSchema.safeParse(await json());
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw badRequest(`${issue?.path.join('.') || 'routing'}: ${issue?.message ?? 'invalid'}`);
        }
        try {
          sendJson(res, 200, amqp.routing.save(parsed.data).config);
        } catch (error) {
          if (error instanceof RoutingError) throw badRequest(error.message);
          throw error;
        }
      },
    },
    {
      method: 'PUT',
      path: '/sandbox/v1/consumerGroups/*',
      permissions: ['ServiceConnect'],
      noApiVersion: true,
      handle: ({ res, params }) => {
        const name = params[0] as string;
        if (!amqp.consumerGroups.add(name)) throw badRequest(`'${name}' is not a valid consumer group name: letters, digits, '.', '_' or '-', at most 50.`);
        sendJson(res, 200, { name });
      },
    },
    {
      method: 'DELETE',
      path: '/sandbox/v1/consumerGroups/*',
      permissions: ['ServiceConnect'],
      noApiVersion: true,
      handle: ({ res, params }) => {
        const name = params[0] as string;
        if (!amqp.consumerGroups.remove(name)) throw new HubServiceError(404, 'ConsumerGroupNotFound', `There is no consumer group '${name}' to delete ($Default cannot be deleted).`);
        res.writeHead(204).end();
      },
    },
  ];
}
