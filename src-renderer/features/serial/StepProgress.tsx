import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { SERIAL_STEPS, type SerialStepUpdate } from '../../../src-shared/contract/channels/serial.ts';

export type StepStates = Partial<Record<(typeof SERIAL_STEPS)[number], SerialStepUpdate>>;

/** Detect → identify → derive → send → verify → commit → register, each with its state and error code. */
export function StepProgress({ steps }: { steps: StepStates }) {
  const { t } = useTranslation();
  const failedIndex = SERIAL_STEPS.findIndex((s) => steps[s]?.status === 'failed');
  const active = failedIndex >= 0 ? failedIndex : SERIAL_STEPS.findIndex((s) => steps[s]?.status === 'running');
  return (
    <Stepper activeStep={active} alternativeLabel aria-label={t('serial.steps.title')}>
      {SERIAL_STEPS.map((name) => {
        const state = steps[name];
        const failed = state?.status === 'failed';
        return (
          <Step key={name} completed={state?.status === 'ok'} data-testid={`step-${name}`} data-status={state?.status ?? 'pending'}>
            <StepLabel
              error={failed}
              optional={
                state && state.status !== 'ok' ? (
                  <Typography variant="caption" color={failed ? 'error' : 'text.secondary'}>
                    {failed ? state.code : t(`serial.steps.status.${state.status}`)}
                  </Typography>
                ) : undefined
              }
            >
              {t(`serial.steps.${name}`)}
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
}
