/**
 * What the running sandbox tells us about itself (the same shape `provisioning-bench sandbox`
 * prints as one JSON line). Contains secrets: it stays in the main process.
 */
export interface SandboxEndpoints {
  idScope: string;
  provisioningHost: string;
  dpsConnectionString: string;
  hubs: Array<{ hostName: string; connectionString: string }>;
  caCertificatePath: string;
  /** Azure Digital Twins in the sandbox: URL and the bearer token it issued (absent from older sandboxes). */
  digitalTwins?: { url: string; accessToken: string; scope: string };
}

/** Resolves to the sandbox's endpoints while it runs, `null` when it is not running. */
export type SandboxEndpointsProvider = () => Promise<SandboxEndpoints | null>;
