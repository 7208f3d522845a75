import type { z } from 'zod';

/** One request channel: the payload the renderer sends and the value the main process answers with. */
export interface RequestSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

/** Declares a request channel; exists only so each domain file reads as a list of channels. */
export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): RequestSpec<Req, Res> {
  return { request, response };
}
