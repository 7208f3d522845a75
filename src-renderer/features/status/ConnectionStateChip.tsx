import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../api/index.ts';

const COLORS = { connected: 'success', connecting: 'info', disconnected: 'warning', refused: 'error' } as const;

export function ConnectionStateChip({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  return <Chip size="small" color={COLORS[state]} label={t(`connection.${state}`)} />;
}
