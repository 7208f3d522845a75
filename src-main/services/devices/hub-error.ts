import { AppError } from '../../../src-shared/contract/result.ts';
import { explainAzureError } from '../azure/explain-azure-error.ts';

/** The service's own error code and text from a REST error body (`{"Message":"ErrorCode:X;text"}`). */
export function serviceErrorOf(error: unknown): { code: string | null; text: string | null } {
  const body = (error as { responseBody?: unknown })?.responseBody;
  if (typeof body !== 'string' || body === '') return { code: null, text: null };
  try {
    const parsed = JSON.parse(body) as { Message?: unknown; message?: unknown; ExceptionMessage?: unknown };
    const message = String(parsed.Message ?? parsed.message ?? '');
    const match = /^ErrorCode:([A-Za-z]+);([\s\S]*)$/.exec(message);
    if (match) return { code: match[1]!, text: match[2]!.trim() };
    return { code: null, text: message || null };
  } catch {
    return { code: null, text: body.slice(0, 300) };
  }
}

/**
 * An SDK failure as an AppError that keeps what the hub said (a query's syntax error, "device not
 * online", which etag was stale) next to the console's explanation. Messages pass the router's
 * redactor on the way out.
 */
export function hubError(error: unknown, host: string, what: string): AppError {
  if (error instanceof AppError) return error;
  const explained = explainAzureError(error, host, what);
  const { code, text } = serviceErrorOf(error);
  if (code === 'DeviceNotOnline') return new AppError('not_found', `${what} at ${host}: the device is not connected (DeviceNotOnline)`);
  // The REST side names it in the body's ErrorCode; the AMQP side (Client.send) by the error's class.
  if (code === 'DeviceNotFound' || (error as { name?: string })?.name === 'DeviceNotFoundError') return new AppError('not_found', `${what} at ${host}: no such device (DeviceNotFound)`);
  if (code === 'GatewayTimeout' || (error as { name?: string })?.name === 'GatewayTimeoutError') {
    return new AppError('timeout', `${what} at ${host}: the device did not answer within the response timeout (GatewayTimeout)`);
  }
  if (text && !explained.message.includes(text)) return new AppError(explained.code, `${explained.message}: ${text}`);
  return explained;
}
