import DeleteIcon from '@mui/icons-material/Close';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { QUERY_FIELDS, QUERY_OPERATORS, conditionProblem, type QueryCondition } from '../../../src-shared/domain/device-query.ts';

const NESTED = new Set(['tags', 'desired', 'reported']);

/** One condition of the query builder: field, path under it, operator, value. */
export function ConditionRow({ index, condition, onChange, onRemove }: { index: number; condition: QueryCondition; onChange(next: QueryCondition): void; onRemove(): void }) {
  const { t } = useTranslation();
  const problem = conditionProblem(condition);
  const set = (patch: Partial<QueryCondition>) => onChange({ ...condition, ...patch });
  return (
    <Stack direction="row" spacing={1} alignItems="flex-start" aria-label={t('devices.conditionLabel', { n: index + 1 })} role="group">
      <TextField select size="small" label={t('devices.field')} value={condition.field} onChange={(e) => set({ field: e.target.value as QueryCondition['field'] })} sx={{ width: 170 }}>
        {QUERY_FIELDS.map((field) => (
          <MenuItem key={field} value={field}>
            {t(`devices.fields.${field}`)}
          </MenuItem>
        ))}
      </TextField>
      {NESTED.has(condition.field) && (
        <TextField
          size="small"
          label={t('devices.path')}
          value={condition.path}
          onChange={(e) => set({ path: e.target.value })}
          error={problem === 'path-required' || problem === 'path-invalid'}
          helperText={problem === 'path-required' || problem === 'path-invalid' ? t(`devices.problems.${problem}`) : ' '}
          sx={{ width: 180 }}
        />
      )}
      <TextField select size="small" label={t('devices.operator')} value={condition.op} onChange={(e) => set({ op: e.target.value as QueryCondition['op'] })} sx={{ width: 150 }}>
        {QUERY_OPERATORS.map((op) => (
          <MenuItem key={op} value={op}>
            {t(`devices.operators.${op}`)}
          </MenuItem>
        ))}
      </TextField>
      {condition.op !== 'isDefined' && (
        <TextField
          size="small"
          label={t('devices.value')}
          value={condition.value}
          onChange={(e) => set({ value: e.target.value })}
          error={problem !== null && !problem.startsWith('path')}
          helperText={problem !== null && !problem.startsWith('path') ? t(`devices.problems.${problem}`) : ' '}
          sx={{ width: 180 }}
        />
      )}
      <IconButton aria-label={t('devices.removeCondition', { n: index + 1 })} onClick={onRemove}>
        <DeleteIcon />
      </IconButton>
    </Stack>
  );
}
