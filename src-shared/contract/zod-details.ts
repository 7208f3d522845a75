import type { z } from 'zod';
import { profileMessageKeyOf } from '../domain/profile-messages.ts';
import type { ErrorDetail } from './result.ts';

/** A schema's complaints as the contract's error details: one per field, with its dotted path. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    // Schema messages from the profile message table keep their key, so the renderer can translate them.
    const key = profileMessageKeyOf(issue.message);
    return key ? { path, message: issue.message, key } : { path, message: issue.message };
  });
}
