import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, toApiError, useEvent, useRequest } from '../../api/index.ts';
import type { ProfileSummary } from '../../../src-shared/contract/channels/profiles.ts';
import { useNotify } from '../notifications/notifications-context.ts';
import { detailText } from '../i18n/error-text.ts';

/**
 * The app bar's choice of connection profile. When profiles cannot be listed (service down, older
 * main process) it stays visible but disabled, with the reason as its tooltip, rather than vanish.
 */
export function ProfileSwitcher() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { data, error, loading, reload } = useRequest('profiles:list', {});
  const [switching, setSwitching] = useState(false);
  useEvent('profiles:changed', reload);

  const activate = async (id: string) => {
    setSwitching(true);
    try {
      const profile = await api.invoke('profiles:activate', { id });
      notify({ message: t('profiles.activated', { name: profile.name }), severity: 'success' });
    } catch (failure) {
      notify({ message: t('profiles.activateFailed', { message: detailText(i18n, toApiError(failure)) }), severity: 'error' });
    } finally {
      setSwitching(false);
      reload();
    }
  };

  const labelOf = (profile: ProfileSummary) => `${profile.name} · ${t(`profiles.kind.${profile.kind}`)}`;
  const unavailable = error ? t('profiles.unavailable', { message: detailText(i18n, error) }) : '';
  const profiles = data?.profiles ?? [];
  const describe = (id: string) => {
    const profile = profiles.find((p) => p.id === id);
    return profile ? labelOf(profile) : loading ? t('app.loading') : '';
  };
  const value = data && profiles.some((p) => p.id === data.activeId) ? data.activeId : '';
  return (
    <Tooltip title={unavailable}>
      <span>
        <TextField
          select
          size="small"
          id="profile-switcher"
          label={t('profiles.switcherLabel')}
          value={value}
          disabled={!data || switching}
          onChange={(event) => void activate(event.target.value)}
          sx={{ minWidth: 220, '& .MuiInputBase-root': { bgcolor: 'background.paper' } }}
          slotProps={{
            inputLabel: { shrink: true },
            // Until the list arrives (the sandbox may still be starting) say so rather than look empty.
            select: { displayEmpty: true, renderValue: (id) => describe(id as string) },
          }}
        >
          {profiles.map((profile) => (
            <MenuItem key={profile.id} value={profile.id}>
              {labelOf(profile)}
            </MenuItem>
          ))}
        </TextField>
      </span>
    </Tooltip>
  );
}
