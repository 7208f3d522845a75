export { api, type ApiClient } from './client.ts';
export { ApiError, toApiError } from './api-error.ts';
export type { ConnectionState, ConnectionStatus } from './transport.ts';
export { useConnection } from './use-connection.ts';
export { useEvent } from './use-event.ts';
export { useReconnects } from './use-reconnects.ts';
export { useRequest, type RequestOptions, type RequestState } from './use-request.ts';
