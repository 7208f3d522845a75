import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

/** Chooses which of the profile's hubs a page works on; hidden when the profile links only one. */
export function HubPicker({ hubs, value, onChange }: { hubs: string[]; value: string | undefined; onChange(hub: string): void }) {
  const { t } = useTranslation();
  if (hubs.length < 2 || !value) return null;
  return (
    <TextField select size="small" label={t('devices.hub')} value={value} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 260 }}>
      {hubs.map((hub) => (
        <MenuItem key={hub} value={hub}>
          {hub}
        </MenuItem>
      ))}
    </TextField>
  );
}
