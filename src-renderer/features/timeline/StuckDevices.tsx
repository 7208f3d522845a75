import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STUCK_STAGES } from '../../../src-shared/contract/channels/timeline.ts';
import { useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { InventoryTable } from './InventoryTable.tsx';

const AGES = { m5: 300_000, h1: 3_600_000, d1: 86_400_000, d7: 7 * 86_400_000 } as const;
type Age = keyof typeof AGES;
type StuckStage = (typeof STUCK_STAGES)[number];

/** Devices stuck at a stage for longer than a chosen age. */
export function StuckDevices() {
  const { t, i18n } = useTranslation();
  const [stage, setStage] = useState<StuckStage>('notRegistered');
  const [age, setAge] = useState<Age>('h1');
  const { data, error } = useRequest('timeline:stuck', { stage, olderThanMs: AGES[age] });
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="subtitle1" component="h2" gutterBottom>
        {t('timeline.stuck.title')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
        <TextField select size="small" label={t('timeline.stuck.stage')} value={stage} onChange={(e) => setStage(e.target.value as StuckStage)} sx={{ minWidth: 260 }}>
          {STUCK_STAGES.map((key) => (
            <MenuItem key={key} value={key}>
              {t(`timeline.stuck.stages.${key}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={t('timeline.stuck.age')} value={age} onChange={(e) => setAge(e.target.value as Age)} sx={{ minWidth: 160 }}>
          {(Object.keys(AGES) as Age[]).map((key) => (
            <MenuItem key={key} value={key}>
              {t(`timeline.stuck.ages.${key}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {error && <Alert severity="error">{errorText(i18n, error)}</Alert>}
      {data && <InventoryTable rows={data.devices} label={t('timeline.stuck.title')} />}
    </Paper>
  );
}
