import Chip from '@mui/material/Chip';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../src-shared/contract/channels/profiles.ts';

interface Props {
  list: { activeId: string; profiles: ProfileSummary[] } | undefined;
  onEdit(profile: ProfileSummary): void;
  onRename(profile: ProfileSummary): void;
  onDelete(profile: ProfileSummary): void;
  onTest(profile: ProfileSummary): void;
}

/** Every profile with its hosts; the Sandbox can be tested but not edited, renamed or deleted. */
export function ProfileList({ list, onEdit, onRename, onDelete, onTest }: Props) {
  const { t } = useTranslation();
  if (!list) return null;
  return (
    <List dense disablePadding aria-labelledby="settings-profiles">
      {list.profiles.map((profile) => {
        const azure = profile.kind === 'azure';
        const hosts = [profile.dpsHost, ...profile.hubHosts].filter(Boolean).join(', ') || t('profileManager.noHosts');
        return (
          <ListItem key={profile.id} divider data-testid={`profile-row-${profile.name}`} sx={{ flexWrap: 'wrap', gap: 1 }}>
            <ListItemText
              primary={
                <Stack direction="row" spacing={1} alignItems="center">
                  <span>{profile.name}</span>
                  <Chip size="small" label={t(`profiles.kind.${profile.kind}`)} />
                  {profile.id === list.activeId && <Chip size="small" color="primary" label={t('profileManager.active')} />}
                </Stack>
              }
              secondary={hosts}
            />
            <Stack direction="row" spacing={0.5}>
              <Button size="small" onClick={() => onTest(profile)}>
                {t('profileManager.test')}
              </Button>
              {azure && (
                <>
                  <Button size="small" onClick={() => onEdit(profile)}>
                    {t('profileManager.edit')}
                  </Button>
                  <Button size="small" onClick={() => onRename(profile)}>
                    {t('profileManager.rename')}
                  </Button>
                  <Button size="small" color="error" onClick={() => onDelete(profile)}>
                    {t('profileManager.delete')}
                  </Button>
                </>
              )}
            </Stack>
          </ListItem>
        );
      })}
    </List>
  );
}
