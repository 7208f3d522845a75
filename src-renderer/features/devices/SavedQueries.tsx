import DeleteIcon from '@mui/icons-material/DeleteOutline';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, useRequest } from '../../api/index.ts';
import { errorText } from '../../app/i18n/error-text.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';

/** The profile's saved device queries: pick one to run it, save the current text under a name, delete. */
export function SavedQueries({ current, onPick }: { current: string; onPick(query: string): void }) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { data, reload } = useRequest('devices:savedQueries', {});
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [name, setName] = useState('');
  const fail = (failure: unknown) => notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
  const save = () => {
    if (name.trim() === '') return;
    api.invoke('devices:saveQuery', { name: name.trim(), query: current }).then(() => {
      notify({ message: t('devices.querySaved', { name: name.trim() }), severity: 'success' });
      setName('');
      reload();
    }, fail);
  };
  return (
    <>
      <Button onClick={(e) => setAnchor(e.currentTarget)} disabled={!data || data.queries.length === 0}>
        {t('devices.savedQueries')}
      </Button>
      <Menu open={anchor !== null} anchorEl={anchor} onClose={() => setAnchor(null)}>
        {data?.queries.map((q) => (
          <MenuItem
            key={q.name}
            onClick={() => {
              setAnchor(null);
              onPick(q.query);
            }}
          >
            <ListItemText primary={q.name} secondary={q.query} slotProps={{ secondary: { noWrap: true, sx: { maxWidth: 420 } } }} />
            <IconButton
              edge="end"
              aria-label={t('devices.deleteQuery', { name: q.name })}
              onClick={(e) => {
                e.stopPropagation();
                api.invoke('devices:deleteQuery', { name: q.name }).then(reload, fail);
              }}
            >
              <DeleteIcon />
            </IconButton>
          </MenuItem>
        ))}
      </Menu>
      <TextField
        size="small"
        label={t('devices.queryName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
        }}
        sx={{ width: 200 }}
      />
      <Button onClick={save} disabled={name.trim() === ''}>
        {t('devices.saveQuery')}
      </Button>
    </>
  );
}
