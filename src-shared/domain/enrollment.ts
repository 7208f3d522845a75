import { z } from 'zod';

/**
 * Enrollments as the console shows and edits them. Views never carry a key: a symmetric key is
 * only ever named by its fingerprint, and a certificate by its facts (thumbprint, subject, issuer,
 * expiry). Inputs may carry a key the operator typed (a provided key), which crosses once, inbound.
 */
export const ENROLLMENT_KINDS = ['individual', 'group'] as const;
export type EnrollmentKind = (typeof ENROLLMENT_KINDS)[number];
export const ATTESTATION_TYPES = ['symmetricKey', 'x509', 'tpm'] as const;
export const ALLOCATION_POLICIES = ['hashed', 'geoLatency', 'static', 'custom'] as const;
export const PROVISIONING_STATUSES = ['enabled', 'disabled'] as const;

/** The service's alphabet for registration ids (lower case) and enrollment group ids (any case). */
export const REGISTRATION_ID_PATTERN = /^[a-z0-9\-._:]{1,128}$/;
export const GROUP_ID_PATTERN = /^[A-Za-z0-9\-._:]{1,128}$/;
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9\-.%_*?!(),:=@$']{1,128}$/;
/** DPS caps an enrollment's initial twin; the hub caps tags and desired at 32 KB each. */
export const TWIN_SECTION_MAX_BYTES = 32 * 1024;

const jsonObject = z.record(z.string(), z.unknown());

/** What the operator enters for attestation. Keys are optional: empty means "let the service generate". */
export const attestationInputSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('symmetricKey'),
    primaryKey: z.string().max(200).optional(),
    secondaryKey: z.string().max(200).optional(),
  }),
  z.object({
    type: z.literal('x509'),
    /** PEM: the client certificate (individual) or signing certificate (group). */
    primaryPem: z.string().max(20_000).optional(),
    secondaryPem: z.string().max(20_000).optional(),
    /** Groups only: the name of a CA certificate verified on the DPS instead of a PEM. */
    caReference: z.string().max(256).optional(),
  }),
  z.object({ type: z.literal('tpm'), endorsementKey: z.string().min(1).max(4000), storageRootKey: z.string().max(4000).optional() }),
]);
export type AttestationInput = z.infer<typeof attestationInputSchema>;

export const enrollmentInputSchema = z.object({
  kind: z.enum(ENROLLMENT_KINDS),
  id: z.string().min(1).max(128),
  deviceId: z.string().max(128).optional(),
  attestation: attestationInputSchema,
  iotEdge: z.boolean().default(false),
  status: z.enum(PROVISIONING_STATUSES).default('enabled'),
  allocationPolicy: z.enum(ALLOCATION_POLICIES).default('hashed'),
  iotHubs: z.array(z.string().min(1).max(300)).max(50).default([]),
  /** Static allocation's hub. */
  iotHubHostName: z.string().max(300).optional(),
  webhookUrl: z.string().max(2000).optional(),
  webhookApiVersion: z.string().max(40).optional(),
  reprovision: z.object({ updateHubAssignment: z.boolean(), migrateDeviceData: z.boolean() }).default({ updateHubAssignment: true, migrateDeviceData: true }),
  initialTwin: z.object({ tags: jsonObject.default({}), desired: jsonObject.default({}) }).default({ tags: {}, desired: {} }),
  /** The etag the form was loaded with; absent on create. `*` overwrites whatever is there. */
  etag: z.string().max(200).optional(),
});
export type EnrollmentInput = z.input<typeof enrollmentInputSchema>;
export type EnrollmentInputParsed = z.output<typeof enrollmentInputSchema>;

export const certificateFactsSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  sha1Thumbprint: z.string(),
  sha256Thumbprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
});
export type CertificateFacts = z.infer<typeof certificateFactsSchema>;

const attestationViewSchema = z.object({
  type: z.enum([...ATTESTATION_TYPES, 'none']),
  /** Fingerprints of the symmetric keys, never the keys. */
  primaryKeyFingerprint: z.string().nullable(),
  secondaryKeyFingerprint: z.string().nullable(),
  primaryCertificate: certificateFactsSchema.nullable(),
  secondaryCertificate: certificateFactsSchema.nullable(),
  caReference: z.string().nullable(),
  endorsementKey: z.string().nullable(),
  storageRootKey: z.string().nullable(),
});

/** One enrollment (individual or group) in full, without any key. */
export const enrollmentViewSchema = z.object({
  kind: z.enum(ENROLLMENT_KINDS),
  id: z.string(),
  deviceId: z.string().nullable(),
  attestation: attestationViewSchema,
  iotEdge: z.boolean(),
  status: z.enum(PROVISIONING_STATUSES),
  allocationPolicy: z.enum(ALLOCATION_POLICIES).nullable(),
  iotHubs: z.array(z.string()),
  iotHubHostName: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  webhookApiVersion: z.string().nullable(),
  reprovision: z.object({ updateHubAssignment: z.boolean(), migrateDeviceData: z.boolean() }),
  initialTwin: z.object({ tags: jsonObject, desired: jsonObject }),
  etag: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type EnrollmentView = z.infer<typeof enrollmentViewSchema>;

/** One row of the local index: what the table shows, searches and sorts on. */
export const indexRowSchema = z.object({
  kind: z.enum(ENROLLMENT_KINDS),
  id: z.string(),
  deviceId: z.string().nullable(),
  status: z.string().nullable(),
  attestation: z.string().nullable(),
  allocationPolicy: z.string().nullable(),
  hub: z.string().nullable(),
  registrationStatus: z.string().nullable(),
  serialNumber: z.string().nullable(),
  customer: z.string().nullable(),
  model: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type IndexRow = z.infer<typeof indexRowSchema>;

/** A device's registration with the DPS, as the service reports it. */
export const registrationStateSchema = z.object({
  registrationId: z.string(),
  status: z.string().nullable(),
  substatus: z.string().nullable(),
  assignedHub: z.string().nullable(),
  deviceId: z.string().nullable(),
  errorCode: z.number().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  etag: z.string().nullable(),
});
export type RegistrationState = z.infer<typeof registrationStateSchema>;
