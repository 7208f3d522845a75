import { app } from '@azure/functions';
import { allocate } from '../lib/allocation.js';
import { twinsClient } from './adt-client.js';

// The enrollment group's custom allocation webhook (authLevel function: DPS sends the function key).
app.http('DpsAdtAllocationFunc', {
  methods: ['POST'],
  authLevel: 'function',
  handler: async (request, context) => {
    let body;
    try {
      body = await request.json();
    } catch {
      return { status: 400, jsonBody: { message: 'The request body is not JSON.' } };
    }
    const answer = await allocate(body, { twins: twinsClient() });
    context.log(`allocation for ${body?.deviceRuntimeContext?.registrationId}: ${answer.status}`);
    return { status: answer.status, jsonBody: answer.body };
  },
});
