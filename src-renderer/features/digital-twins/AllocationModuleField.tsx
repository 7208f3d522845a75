import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllocationModule } from './use-allocation-module.ts';

/**
 * The path of the operator's own allocation module, loaded into the console's function host. A text
 * field: the web shell has no native file dialog, and the Electron shell has no dialog port yet.
 */
export function AllocationModuleField() {
  const { t } = useTranslation();
  const { loaded, busy, error, apply } = useAllocationModule();
  const [path, setPath] = useState<string>();
  const shown = path ?? loaded ?? '';
  return (
    <Stack spacing={1}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems="flex-start">
        <TextField
          label={t('digital-twins.lab.modulePath')}
          value={shown}
          onChange={(e) => setPath(e.target.value)}
          error={error !== undefined}
          helperText={error ?? t('digital-twins.lab.modulePathHint')}
          inputProps={{ spellCheck: false }}
          fullWidth
        />
        <Button variant="outlined" disabled={busy || shown.trim() === ''} onClick={() => void apply(shown.trim())} sx={{ whiteSpace: 'nowrap', mt: 1 }}>
          {t('digital-twins.lab.moduleLoad')}
        </Button>
        {loaded && (
          <Button disabled={busy} onClick={() => void apply(null).then((done) => done && setPath(''))} sx={{ whiteSpace: 'nowrap', mt: 1 }}>
            {t('digital-twins.lab.moduleClear')}
          </Button>
        )}
      </Stack>
      {loaded ? (
        <Typography>
          {t('digital-twins.lab.moduleLoaded')}: <code data-testid="lab-module">{loaded}</code>
        </Typography>
      ) : (
        <Typography color="text.secondary">{t('digital-twins.lab.moduleNone')}</Typography>
      )}
    </Stack>
  );
}
