import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabRequest, LabResult } from '../../../src-shared/contract/channels/digital-twins.ts';
import { api } from '../../api/index.ts';
import { AllocationModuleField } from './AllocationModuleField.tsx';
import { FunctionCalls } from './FunctionCalls.tsx';
import { useTwinsAction } from './use-twins-action.ts';

const THERMOSTAT = 'dtmi:contosocom:DigitalTwins:Thermostat;2';
const json = (value: unknown) => JSON.stringify(value, null, 2);
type Target = LabRequest['target']['kind'];

/** Send the allocation function a DPS request built from an enrollment and a payload; see what DPS would do with the answer. */
export function AllocationLab({ sandbox }: { sandbox: boolean }) {
  const { t } = useTranslation();
  const { busy, run } = useTwinsAction();
  const [target, setTarget] = useState<Target>(sandbox ? 'seed' : 'url');
  const [url, setUrl] = useState('');
  const [kind, setKind] = useState<'group' | 'individual'>('group');
  const [enrollmentId, setEnrollmentId] = useState('');
  const [registrationId, setRegistrationId] = useState('');
  const [payload, setPayload] = useState(json({ modelId: THERMOSTAT }));
  const [result, setResult] = useState<LabResult>();
  const send = async () => {
    const request: LabRequest = {
      target: target === 'url' ? { kind: 'url', url } : { kind: target },
      enrollment: { kind, id: enrollmentId },
      registrationId,
      payload,
    };
    const answer = await run(() => api.invoke('twins:labRun', request));
    if (answer) setResult(answer);
  };
  return (
    <Stack spacing={2} onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !busy && void send()}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField select label={t('digital-twins.lab.target')} value={target} onChange={(e) => setTarget(e.target.value as Target)} sx={{ minWidth: 280 }}>
          <MenuItem value="seed" disabled={!sandbox}>
            {t('digital-twins.lab.seed')}
          </MenuItem>
          <MenuItem value="module" disabled={!sandbox}>
            {t('digital-twins.lab.module')}
          </MenuItem>
          <MenuItem value="url">{t('digital-twins.lab.url')}</MenuItem>
        </TextField>
        {target === 'url' && <TextField label={t('digital-twins.lab.urlField')} value={url} onChange={(e) => setUrl(e.target.value)} fullWidth />}
      </Stack>
      {target === 'module' && <AllocationModuleField />}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField select label={t('digital-twins.lab.enrollmentKind')} value={kind} onChange={(e) => setKind(e.target.value as 'group' | 'individual')} sx={{ minWidth: 200 }}>
          <MenuItem value="group">{t('digital-twins.lab.group')}</MenuItem>
          <MenuItem value="individual">{t('digital-twins.lab.individual')}</MenuItem>
        </TextField>
        <TextField label={t('digital-twins.lab.enrollmentId')} value={enrollmentId} onChange={(e) => setEnrollmentId(e.target.value)} fullWidth />
        <TextField label={t('digital-twins.lab.registrationId')} value={registrationId} onChange={(e) => setRegistrationId(e.target.value)} fullWidth />
      </Stack>
      <TextField label={t('digital-twins.lab.payload')} value={payload} onChange={(e) => setPayload(e.target.value)} multiline minRows={3} sx={{ '& textarea': { fontFamily: 'monospace' } }} />
      <Box>
        <Button variant="contained" onClick={() => void send()} disabled={busy || !enrollmentId || !registrationId} title={t('digital-twins.lab.runHint')}>
          {t('digital-twins.lab.run')}
        </Button>
      </Box>
      {result && (
        <Stack spacing={1} data-testid="lab-result">
          <Alert severity={result.status < 300 ? 'success' : 'error'}>
            {t('digital-twins.lab.result', { status: result.status, ms: result.ms })}
            {result.reason && ` — ${t('digital-twins.lab.reason')}: ${result.reason}`}
          </Alert>
          {result.hub && (
            <Typography>
              {t('digital-twins.lab.hub')}: <code data-testid="lab-hub">{result.hub}</code>
            </Typography>
          )}
          {result.initialTwin != null && (
            <>
              <Typography variant="subtitle2">{t('digital-twins.lab.initialTwin')}</Typography>
              <Box component="pre" data-testid="lab-initial-twin" sx={{ m: 0, p: 1, bgcolor: 'action.hover', overflow: 'auto' }}>
                {json(result.initialTwin)}
              </Box>
            </>
          )}
          <Typography variant="subtitle2">{t('digital-twins.lab.request')}</Typography>
          <Box component="pre" sx={{ m: 0, p: 1, bgcolor: 'action.hover', overflow: 'auto', maxHeight: 240 }}>
            {json(result.request)}
          </Box>
        </Stack>
      )}
      {sandbox && <FunctionCalls />}
    </Stack>
  );
}
