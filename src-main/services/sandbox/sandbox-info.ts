import { z } from 'zod';
import type { SandboxEndpoints } from '../profiles/sandbox-endpoints.ts';
import type { SandboxEndpointsSummary } from '../../../src-shared/contract/channels/sandbox.ts';

/** The one JSON line `provisioning-bench sandbox` prints when every listener is up. Holds keys. */
export type SandboxInfo = SandboxEndpoints;

const readyLineSchema = z.object({
  idScope: z.string().min(1),
  provisioningHost: z.string().min(1),
  dpsConnectionString: z.string().min(1),
  hubs: z.array(z.object({ hostName: z.string().min(1), connectionString: z.string().min(1) })).min(1),
  caCertificatePath: z.string().min(1),
  digitalTwins: z.object({ url: z.string().url(), accessToken: z.string().min(1), scope: z.string().min(1) }).optional(),
});

/** Parses the ready line; the error never quotes the line, since it carries connection strings. */
export function parseReadyLine(line: string): SandboxInfo {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`the sandbox's first line on stdout is not JSON (${line.length} characters)`);
  }
  const parsed = readyLineSchema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new Error(`the sandbox's ready line lacks or mistypes: ${fields}`);
  }
  return parsed.data;
}

/** What the renderer may know of the endpoints: hosts, scope and CA path, never a key. */
export function summarizeEndpoints(info: SandboxInfo): SandboxEndpointsSummary {
  return {
    idScope: info.idScope,
    provisioningHost: info.provisioningHost,
    hubHostNames: info.hubs.map((h) => h.hostName),
    caCertificatePath: info.caCertificatePath,
  };
}
