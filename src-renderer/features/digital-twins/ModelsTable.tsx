import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { ModelSummary } from '../../../src-shared/contract/channels/digital-twins.ts';

/** Uploaded models with their (inherited) properties and relationships. */
export function ModelsTable({ models }: { models: ModelSummary[] }) {
  const { t } = useTranslation();
  if (models.length === 0) return <Typography color="text.secondary">{t('digital-twins.models.empty')}</Typography>;
  return (
    <Table size="small" aria-label={t('digital-twins.tabs.models')}>
      <TableHead>
        <TableRow>
          <TableCell>{t('digital-twins.models.id')}</TableCell>
          <TableCell>{t('digital-twins.models.name')}</TableCell>
          <TableCell>{t('digital-twins.models.properties')}</TableCell>
          <TableCell>{t('digital-twins.models.relationships')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {models.map((model) => (
          <TableRow key={model.id} data-testid={`model-${model.id}`}>
            <TableCell sx={{ fontFamily: 'monospace' }}>
              {model.id} {model.decommissioned && <Chip size="small" color="warning" label={t('digital-twins.models.decommissioned')} />}
            </TableCell>
            <TableCell>{model.displayName}</TableCell>
            <TableCell>
              <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                {model.properties.map((p) => (
                  <Chip key={p.name} size="small" variant="outlined" label={`${p.name}: ${p.schema}`} />
                ))}
              </Stack>
            </TableCell>
            <TableCell>{model.relationships.map((r) => r.name).join(', ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
