import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BatchPanel } from './BatchPanel.tsx';
import { type PortChoice, PortPicker } from './PortPicker.tsx';
import { PushPanel } from './PushPanel.tsx';
import { SerialConsole } from './SerialConsole.tsx';
import { useSerialConsole } from './use-serial-console.ts';
import { useSerialPorts } from './use-serial-ports.ts';

/** The bench serial tool: write each device's DPS credentials onto a Pi over USB serial, verified. */
export default function SerialPage() {
  const { t } = useTranslation();
  const { ports } = useSerialPorts();
  const consoleState = useSerialConsole();
  const [port, setPortState] = useState<PortChoice>({ path: '', baudRate: 115200 });
  const setPort = useCallback((next: PortChoice) => setPortState(next), []);
  const [groupId, setGroupId] = useState('');
  const [tab, setTab] = useState(0);
  return (
    <Stack spacing={3}>
      <PageHeader title={t('serial.title')} />
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Stack spacing={2}>
          <PortPicker ports={ports} value={port} onChange={setPort} />
          <TextField label={t('serial.group')} value={groupId} onChange={(e) => setGroupId(e.target.value)} helperText={t('serial.groupHelp')} required />
        </Stack>
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Tabs value={tab} onChange={(_e, value: number) => setTab(value)} aria-label={t('serial.title')}>
          <Tab label={t('serial.tabs.single')} />
          <Tab label={t('serial.tabs.batch')} />
        </Tabs>
        <Divider sx={{ mb: 2 }} />
        {tab === 0 ? <PushPanel port={port} groupId={groupId} /> : <BatchPanel port={port} groupId={groupId} />}
      </Paper>
      <SerialConsole state={consoleState} />
    </Stack>
  );
}
