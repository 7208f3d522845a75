import type { SandboxDatabase } from '../store/database.ts';
import { createDpsSchema, DocumentTable } from './dps-tables.ts';
import type { StoredDocument } from './dps-tables.ts';
import type { EnrollmentGroup, IndividualEnrollment, RegistrationState } from './enrollment-model.ts';
import { presentAttestation } from './enrollment-normalize.ts';

/** The DPS half's tables, in the sandbox's one database. */
export interface DpsStore {
  database: SandboxDatabase;
  enrollments: DocumentTable<IndividualEnrollment>;
  groups: DocumentTable<EnrollmentGroup>;
  /** Registration states; tag = enrollment group id, or null for an individual enrollment. */
  registrations: DocumentTable<RegistrationState>;
}

export function openDpsStore(database: SandboxDatabase): DpsStore {
  createDpsSchema(database);
  return {
    database,
    enrollments: new DocumentTable<IndividualEnrollment>(database, 'dps_enrollments'),
    groups: new DocumentTable<EnrollmentGroup>(database, 'dps_enrollment_groups'),
    registrations: new DocumentTable<RegistrationState>(database, 'dps_registrations'),
  };
}

/** A registration state in the service's wire shape (internal bookkeeping fields removed). */
export function presentRegistrationState(document: StoredDocument<RegistrationState>): Record<string, unknown> {
  const { enrollmentGroupId: _group, lastOperationId: _operation, payload: _payload, ...wire } = document.body;
  return { ...wire, etag: document.etag };
}

export function presentEnrollment(store: DpsStore, document: StoredDocument<IndividualEnrollment>): Record<string, unknown> {
  const registration = store.registrations.get(document.id);
  return {
    ...document.body,
    attestation: presentAttestation(document.body.attestation),
    ...(registration && registration.body.enrollmentGroupId === undefined ? { registrationState: presentRegistrationState(registration) } : {}),
    etag: document.etag,
  };
}

export function presentGroup(document: StoredDocument<EnrollmentGroup>): Record<string, unknown> {
  return { ...document.body, attestation: presentAttestation(document.body.attestation), etag: document.etag };
}

/**
 * The signing certificates (PEM) of every X.509 enrollment group: what a sandbox hub can check a
 * `certificateAuthority` device's chain against, since the service verifies such CAs on the hub.
 */
export function x509SigningCertificates(store: DpsStore): string[] {
  return store.groups.withTag('x509').flatMap((group) => {
    const attestation = group.body.attestation;
    if (attestation.type !== 'x509') return [];
    const pair = attestation.x509.signingCertificates;
    return [pair?.primary?.certificate, pair?.secondary?.certificate].filter((pem): pem is string => typeof pem === 'string');
  });
}
