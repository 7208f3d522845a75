import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from './download-text.ts';
import { consoleLine, type SerialConsoleState } from './use-serial-console.ts';

/** The live line: what the device printed and every frame, timestamped; keys never reach it. */
export function SerialConsole({ state }: { state: SerialConsoleState }) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!state.paused) end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [state.entries, state.paused]);
  return (
    <Box component="section" aria-label={t('serial.console.title')}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flexGrow: 1 }}>
          {t('serial.console.title')}
        </Typography>
        <Button size="small" onClick={() => state.setPaused(!state.paused)} aria-pressed={state.paused}>
          {state.paused ? t('serial.console.resume', { count: state.held }) : t('serial.console.pause')}
        </Button>
        <Button size="small" onClick={() => downloadText(`serial-console-${new Date().toISOString().replace(/[:.]/g, '-')}.log`, state.asText())} disabled={!state.entries.length}>
          {t('serial.console.download')}
        </Button>
        <Button size="small" onClick={state.clear}>
          {t('serial.console.clear')}
        </Button>
      </Stack>
      <Paper variant="outlined" sx={{ p: 1, height: 260, overflow: 'auto', fontFamily: 'monospace', fontSize: 12 }} role="log" aria-live="off" data-testid="serial-console">
        {state.entries.length === 0 && <Typography variant="body2" color="text.secondary">{t('serial.console.empty')}</Typography>}
        {state.entries.map((entry, index) => (
          <Box key={index} sx={{ whiteSpace: 'pre-wrap', color: entry.kind === 'retry' || entry.kind === 'closed' ? 'warning.main' : entry.direction === 'tx' ? 'primary.main' : 'text.primary' }}>
            {consoleLine(entry)}
          </Box>
        ))}
        <div ref={end} />
      </Paper>
    </Box>
  );
}
