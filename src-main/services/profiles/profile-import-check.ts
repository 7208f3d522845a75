import type { ErrorDetail } from '../../../src-shared/contract/result.ts';
import { isAzureIotHost } from '../../../src-shared/domain/azure-hosts.ts';
import { checkCaPem, checkHost, checkIdScope } from '../../../src-shared/domain/profile-connection-string.ts';
import { profileDetail, profileMessage, type ProfileMessage } from '../../../src-shared/domain/profile-messages.ts';

/** The fields of an exported profile these checks read (see profile-transfer.ts). */
interface ImportedProfile {
  auth: 'keys' | 'entra';
  dps: { host: string; idScope: string; globalEndpoint: string };
  hubs: Array<{ host: string }>;
  caCertificatePem: string | null;
  entra: unknown;
}

/**
 * The checks create and update run (checkProfileInput), on profiles read from an export file:
 * id scope, host names, the CA, Entra ID settings. An import has no confirmation step, so an
 * Entra ID profile whose hosts are not Azure's is refused rather than trusted with a token.
 * Each problem names its field as `<base>.<index>.<field>`.
 */
export function checkImportedProfiles(profiles: ImportedProfile[], base: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  profiles.forEach((profile, index) => {
    const at = `${base}.${index}`;
    const note = (path: string, message: ProfileMessage | null) => {
      if (message) problems.push(profileDetail(`${at}.${path}`, message));
    };
    note('dps.idScope', checkIdScope(profile.dps.idScope));
    note('dps.globalEndpoint', checkHost(profile.dps.globalEndpoint, 'globalEndpoint'));
    const dpsProblem = checkHost(profile.dps.host, 'dpsHost');
    note('dps.host', dpsProblem);
    const seen = new Set<string>();
    const hubProblems = profile.hubs.map((hub, hubIndex) => {
      const problem = checkHost(hub.host, 'hubHost') ?? (seen.has(hub.host.toLowerCase()) ? profileMessage('hubDuplicate', { host: hub.host.slice(0, 80) }) : null);
      seen.add(hub.host.toLowerCase());
      note(`hubs.${hubIndex}.host`, problem);
      return problem;
    });
    if (profile.caCertificatePem !== null && profile.caCertificatePem.trim() !== '') note('caCertificatePem', checkCaPem(profile.caCertificatePem));
    if (profile.auth !== 'entra') return;
    if (!profile.entra) note('entra', profileMessage('entraMissing'));
    const notAzure = (host: string) => profileMessage('importEntraHostNotAzure', { host: host.slice(0, 80) });
    if (!dpsProblem && !isAzureIotHost(profile.dps.host)) note('dps.host', notAzure(profile.dps.host));
    profile.hubs.forEach((hub, hubIndex) => {
      if (!hubProblems[hubIndex] && !isAzureIotHost(hub.host)) note(`hubs.${hubIndex}.host`, notAzure(hub.host));
    });
  });
  return problems;
}
