import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileDetails, ProfileSummary } from '../../../src-shared/contract/channels/profiles.ts';
import { api, toApiError, useEvent, useRequest } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { ConnectionTestDialog } from './ConnectionTestDialog.tsx';
import { DeleteProfileDialog } from './DeleteProfileDialog.tsx';
import { ProfileFormDialog } from './ProfileFormDialog.tsx';
import { ProfileList } from './ProfileList.tsx';
import { RenameProfileDialog } from './RenameProfileDialog.tsx';
import { VaultPanel } from './VaultPanel.tsx';
import { useProfileFiles } from './use-profile-files.ts';
import { errorText } from '../../app/i18n/error-text.ts';

/** Settings → Connection profiles: list, create, edit, rename, delete, test, import/export, and the vault. */
export function ProfilesSection() {
  const { t, i18n } = useTranslation();
  const notify = useNotify();
  const { data, reload } = useRequest('profiles:list', {});
  useEvent('profiles:changed', reload);
  const [form, setForm] = useState<{ editing: ProfileDetails | null } | null>(null);
  const [renaming, setRenaming] = useState<ProfileSummary | null>(null);
  const [deleting, setDeleting] = useState<ProfileSummary | null>(null);
  const [testing, setTesting] = useState<ProfileSummary | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const files = useProfileFiles(reload);

  const edit = async (profile: ProfileSummary) => {
    try {
      setForm({ editing: await api.invoke('profiles:get', { id: profile.id }) });
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    }
  };

  const remove = async () => {
    if (!deleting) return;
    try {
      await api.invoke('profiles:delete', { id: deleting.id });
      notify({ message: t('profileManager.deleted', { name: deleting.name }), severity: 'success' });
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    } finally {
      setDeleting(null);
      reload();
    }
  };

  return (
    <>
      <Typography variant="h6" component="h2" id="settings-profiles">
        {t('profileManager.heading')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('profileManager.help')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mb: 2 }} flexWrap="wrap" useFlexGap>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setForm({ editing: null })}>
          {t('profileManager.new')}
        </Button>
        <Button variant="outlined" onClick={() => fileInput.current?.click()}>
          {t('profileManager.import')}
        </Button>
        <Button variant="outlined" onClick={() => void files.exportAll()}>
          {t('profileManager.export')}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          data-testid="profile-import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void files.importFile(file);
          }}
        />
      </Stack>
      <ProfileList list={data} onEdit={(p) => void edit(p)} onRename={setRenaming} onDelete={setDeleting} onTest={setTesting} />
      <Stack sx={{ mt: 3 }}>
        <VaultPanel />
      </Stack>
      <ProfileFormDialog
        open={form !== null}
        editing={form?.editing ?? null}
        onClose={() => setForm(null)}
        onSaved={() => {
          setForm(null);
          reload();
        }}
      />
      <RenameProfileDialog profile={renaming} onClose={() => { setRenaming(null); reload(); }} />
      <DeleteProfileDialog name={deleting?.name ?? null} onCancel={() => setDeleting(null)} onConfirm={() => void remove()} />
      <ConnectionTestDialog profile={testing} onClose={() => setTesting(null)} />
    </>
  );
}
