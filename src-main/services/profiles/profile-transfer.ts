import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../src-shared/contract/result.ts';
import { entraConfigSchema, type AzureProfileRecord } from '../../../src-shared/domain/profile.ts';
import { zodDetails } from '../../../src-shared/contract/zod-details.ts';
import { checkImportedProfiles } from './profile-import-check.ts';

const FORMAT = 'provisioning-bench-profiles';

/** One profile in an export file: names, hosts and policy names only. No key, not even its tail. */
const exportedProfileSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    auth: z.enum(['keys', 'entra']),
    dps: z.object({ host: z.string().min(1).max(260), policyName: z.string().max(100).nullable(), idScope: z.string().max(64), globalEndpoint: z.string().max(253) }),
    hubs: z.array(z.object({ host: z.string().min(1).max(260), policyName: z.string().max(100).nullable() })).min(1).max(16),
    eventHub: z.object({ host: z.string().max(260), consumerGroup: z.string().max(50), policyName: z.string().max(100).nullable() }).nullable(),
    caCertificatePem: z.string().max(65536).nullable(),
    entra: entraConfigSchema.nullable(),
  })
  .strict();
export type ExportedProfile = z.infer<typeof exportedProfileSchema>;

const exportFileSchema = z.object({ format: z.literal(FORMAT), version: z.literal(1), profiles: z.array(exportedProfileSchema).max(200) });

export function exportProfiles(records: AzureProfileRecord[]): string {
  const profiles: ExportedProfile[] = records.map((r) => ({
    name: r.name,
    auth: r.auth,
    dps: { host: r.dps.host, policyName: r.dps.policyName, idScope: r.dps.idScope, globalEndpoint: r.dps.globalEndpoint },
    hubs: r.hubs.map((h) => ({ host: h.host, policyName: h.policyName })),
    eventHub: r.eventHub ? { host: r.eventHub.host, consumerGroup: r.eventHub.consumerGroup, policyName: r.eventHub.policyName } : null,
    caCertificatePem: r.caCertificatePem,
    entra: r.entra,
  }));
  return `${JSON.stringify({ format: FORMAT, version: 1, exportedAt: new Date().toISOString(), profiles }, null, 2)}\n`;
}

/** Reads an export file; imported key-based profiles still need their connection strings pasted. */
export function parseProfileExport(json: string): ExportedProfile[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new AppError('validation', 'The file is not JSON; choose a file exported from Provisioning Bench', [{ path: 'json', message: 'Not JSON' }]);
  }
  if ((data as { format?: unknown } | null)?.format !== FORMAT) {
    throw new AppError('validation', 'The file is not a Provisioning Bench profiles export', [{ path: 'json', message: 'Unknown format' }]);
  }
  const { exportedAt: _at, ...rest } = data as Record<string, unknown>;
  const parsed = exportFileSchema.safeParse(rest);
  if (!parsed.success) {
    const details = zodDetails(parsed.error).map((d) => ({ path: `json.${d.path}`, message: d.message }));
    throw new AppError('validation', `The profiles file has problems: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
  }
  // The same checks create and update run: an export file is text anyone can edit.
  const problems = checkImportedProfiles(parsed.data.profiles, 'json.profiles');
  if (problems.length) {
    throw new AppError('validation', `The profiles file has problems: ${problems.map((d) => `${d.path}: ${d.message}`).join('; ')}`, problems);
  }
  return parsed.data.profiles;
}

/** New records for imported profiles: fresh ids, no key tails (no keys yet), names made unique against `taken`. */
export function recordsFromExport(incoming: ExportedProfile[], taken: string[]): AzureProfileRecord[] {
  const now = new Date().toISOString();
  const names = new Set(taken.map((n) => n.toLowerCase()));
  return incoming.map((p) => {
    let name = p.name;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${p.name} (${n})`;
    names.add(name.toLowerCase());
    return {
      id: randomUUID(),
      name,
      kind: 'azure',
      auth: p.auth,
      dps: { ...p.dps, keyTail: null },
      hubs: p.hubs.map((h) => ({ ...h, keyTail: null })),
      eventHub: p.eventHub ? { ...p.eventHub, keyTail: null } : null,
      caCertificatePem: p.caCertificatePem,
      entra: p.entra,
      createdAt: now,
      updatedAt: now,
    };
  });
}
