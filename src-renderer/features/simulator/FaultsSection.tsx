import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { SIMULATOR_FAULTS, type SimulatorStatus } from '../../../src-shared/contract/channels/simulator.ts';

type Fault = (typeof SIMULATOR_FAULTS)[number];

/** Fleet-wide faults on demand; lifting one lets the fleet recover. */
export function FaultsSection({ faults, disabled, onToggle }: { faults: SimulatorStatus['faults']; disabled: boolean; onToggle(fault: Fault, active: boolean): void }) {
  const { t } = useTranslation();
  return (
    <Paper variant="outlined" component="section" aria-labelledby="simulator-faults" sx={{ p: 2, mb: 3 }}>
      <Typography variant="h6" component="h2" id="simulator-faults">
        {t('simulator.faults.title')}
      </Typography>
      <FormGroup row>
        {SIMULATOR_FAULTS.map((fault) => (
          <FormControlLabel
            key={fault}
            disabled={disabled}
            control={<Switch checked={faults.includes(fault)} onChange={(e) => onToggle(fault, e.target.checked)} />}
            label={t(`simulator.faults.${fault}`)}
          />
        ))}
      </FormGroup>
    </Paper>
  );
}
