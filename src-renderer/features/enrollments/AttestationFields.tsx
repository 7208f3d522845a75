import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateFacts } from '../../../src-shared/domain/enrollment.ts';
import { api, toApiError } from '../../api/index.ts';
import type { EnrollmentFormValues } from './enrollment-form-model.ts';

type FieldProps = (path: string, help?: string) => { error: boolean; helperText?: string; id: string };

interface Props {
  values: EnrollmentFormValues;
  set(patch: Partial<EnrollmentFormValues>): void;
  field: FieldProps;
  editing: boolean;
}

/** Symmetric key (generated, provided, or kept; typed keys are masked), X.509 PEM upload with its facts, TPM keys. */
export function AttestationFields({ values, set, field, editing }: Props) {
  const { t } = useTranslation();
  const group = values.kind === 'group';
  const secret = { type: 'password', autoComplete: 'off' } as const;
  return (
    <Stack spacing={2}>
      <TextField select label={t('enrollments.form.attestation')} value={values.attestationType} onChange={(e) => set({ attestationType: e.target.value as EnrollmentFormValues['attestationType'] })} {...field('attestation.type')}>
        <MenuItem value="symmetricKey">{t('enrollments.form.symmetricKey')}</MenuItem>
        <MenuItem value="x509">{t('enrollments.form.x509')}</MenuItem>
        {!group && <MenuItem value="tpm">{t('enrollments.form.tpm')}</MenuItem>}
      </TextField>
      {values.attestationType === 'symmetricKey' && (
        <>
          <TextField select label={t('enrollments.form.keyMode')} value={values.keyMode} onChange={(e) => set({ keyMode: e.target.value as EnrollmentFormValues['keyMode'] })} id="enrollment-keyMode">
            {editing && <MenuItem value="keep">{t('enrollments.form.keep')}</MenuItem>}
            {!editing && <MenuItem value="generate">{t('enrollments.form.generate')}</MenuItem>}
            <MenuItem value="provide">{t('enrollments.form.provide')}</MenuItem>
          </TextField>
          {values.keyMode === 'provide' && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField fullWidth label={t('enrollments.form.primaryKey')} value={values.primaryKey} onChange={(e) => set({ primaryKey: e.target.value })} {...secret} {...field('attestation.primaryKey')} />
              <TextField fullWidth label={t('enrollments.form.secondaryKey')} value={values.secondaryKey} onChange={(e) => set({ secondaryKey: e.target.value })} {...secret} {...field('attestation.secondaryKey')} />
            </Stack>
          )}
        </>
      )}
      {values.attestationType === 'x509' && (
        <>
          <PemField label={t('enrollments.form.primaryPem')} value={values.primaryPem} onChange={(primaryPem) => set({ primaryPem })} field={field('attestation.primaryPem')} />
          <PemField label={t('enrollments.form.secondaryPem')} value={values.secondaryPem} onChange={(secondaryPem) => set({ secondaryPem })} field={field('attestation.secondaryPem')} />
          {group && <TextField label={t('enrollments.form.caReference')} value={values.caReference} onChange={(e) => set({ caReference: e.target.value })} {...field('attestation.caReference')} />}
        </>
      )}
      {values.attestationType === 'tpm' && (
        <>
          <TextField label={t('enrollments.form.endorsementKey')} value={values.endorsementKey} onChange={(e) => set({ endorsementKey: e.target.value })} multiline minRows={2} {...field('attestation.endorsementKey')} />
          <TextField label={t('enrollments.form.storageRootKey')} value={values.storageRootKey} onChange={(e) => set({ storageRootKey: e.target.value })} multiline minRows={2} {...field('attestation.storageRootKey')} />
        </>
      )}
    </Stack>
  );
}

/** A PEM from a file (or pasted); once read, the main process names its subject, issuer, thumbprint and expiry. */
function PemField({ label, value, onChange, field }: { label: string; value: string; onChange(pem: string): void; field: ReturnType<FieldProps> }) {
  const { t } = useTranslation();
  const [facts, setFacts] = useState<CertificateFacts | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const inspect = (pem: string) => {
    onChange(pem);
    setFacts(null);
    setProblem(null);
    if (!pem.trim()) return;
    api.invoke('enrollments:certificate', { pem }).then(setFacts, (failure: unknown) => setProblem(toApiError(failure).details[0]?.message ?? toApiError(failure).message));
  };
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button component="label" variant="outlined" size="small">
          {t('enrollments.form.upload')}
          <input type="file" hidden accept=".pem,.crt,.cer" aria-label={label} onChange={(e) => void e.target.files?.[0]?.text().then(inspect)} />
        </Button>
        <Typography variant="body2">{label}</Typography>
      </Stack>
      <TextField label={label} value={value} onChange={(e) => inspect(e.target.value)} multiline minRows={2} maxRows={6} {...field} error={field.error || problem !== null} helperText={problem ?? field.helperText} />
      {facts && (
        <Typography variant="caption" component="div" data-testid="certificate-facts">
          {t('enrollments.form.certSubject')}: {facts.subject} · {t('enrollments.form.certIssuer')}: {facts.issuer} · {t('enrollments.form.certThumbprint')}: {facts.sha1Thumbprint} ·{' '}
          {t('enrollments.form.certExpires')}: {facts.notAfter}
        </Typography>
      )}
    </Stack>
  );
}
