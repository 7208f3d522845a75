import Alert from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NotificationsContext, type Notice } from './notifications-context.ts';

interface QueuedNotice extends Notice {
  key: number;
}

let nextKey = 1;

/** A queue: each notice gets its full time on screen, errors stay until dismissed. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<QueuedNotice[]>([]);
  const [open, setOpen] = useState(true);
  const notify = useCallback((notice: Notice) => {
    setQueue((current) => [...current, { ...notice, key: nextKey++ }]);
  }, []);
  const current = queue[0];
  const severity = current?.severity ?? 'info';

  return (
    <NotificationsContext.Provider value={notify}>
      {children}
      {current && (
        <Snackbar
          key={current.key}
          open={open}
          autoHideDuration={severity === 'error' ? null : 5_000}
          onClose={(_event, reason) => {
            if (reason !== 'clickaway') setOpen(false);
          }}
          slotProps={{
            transition: {
              onExited: () => {
                setQueue((items) => items.slice(1));
                setOpen(true);
              },
            },
          }}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        >
          <Alert severity={severity} variant="filled" onClose={() => setOpen(false)} slotProps={{ closeButton: { 'aria-label': t('notifications.close'), title: t('notifications.close') } }}>
            {current.message}
          </Alert>
        </Snackbar>
      )}
    </NotificationsContext.Provider>
  );
}
