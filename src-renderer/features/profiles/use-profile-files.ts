import { useTranslation } from 'react-i18next';
import { api, toApiError } from '../../api/index.ts';
import { useNotify } from '../../app/notifications/notifications-context.ts';
import { errorText } from '../../app/i18n/error-text.ts';

/** Export to a downloaded JSON file and import from a chosen one; the files never hold a secret. */
export function useProfileFiles(onImported: () => void) {
  const { t, i18n } = useTranslation();
  const notify = useNotify();

  const exportAll = async () => {
    try {
      const { fileName, json } = await api.invoke('profiles:export', {});
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(url);
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    }
  };

  const importFile = async (file: File) => {
    try {
      const { imported } = await api.invoke('profiles:import', { json: await file.text() });
      notify({ message: t('profileManager.imported', { count: imported.length }), severity: 'success' });
      onImported();
    } catch (failure) {
      notify({ message: errorText(i18n, toApiError(failure)), severity: 'error' });
    }
  };

  return { exportAll, importFile };
}
