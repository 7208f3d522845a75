import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildDeviceQuery, type QueryCondition } from '../../../src-shared/domain/device-query.ts';
import { PAGE_SEARCH_PROPS } from '../../app/shortcuts/page-search.ts';
import { ConditionRow } from './ConditionRow.tsx';
import { SavedQueries } from './SavedQueries.tsx';

const NEW_CONDITION: QueryCondition = { field: 'tags', path: '', op: '=', value: '' };

/**
 * Conditions over tags, desired and reported properties, status and connection state, written out
 * as the IoT Hub query the hub runs. The text stays editable; once edited by hand, the builder
 * no longer overwrites it until the operator goes back to the builder.
 */
export function QueryBuilder({ running, onRun }: { running: boolean; onRun(query: string): void }) {
  const { t } = useTranslation();
  const [conditions, setConditions] = useState<QueryCondition[]>([]);
  const [text, setText] = useState(() => buildDeviceQuery([]));
  const [handEdited, setHandEdited] = useState(false);

  const changeConditions = (next: QueryCondition[]) => {
    setConditions(next);
    if (!handEdited) setText(buildDeviceQuery(next));
  };

  return (
    <Paper variant="outlined" component="section" aria-label={t('devices.queryBuilder')} sx={{ p: 2, mb: 2 }}>
      <Stack spacing={1}>
        {conditions.map((condition, index) => (
          <ConditionRow
            key={index}
            index={index}
            condition={condition}
            onChange={(next) => changeConditions(conditions.map((c, i) => (i === index ? next : c)))}
            onRemove={() => changeConditions(conditions.filter((_, i) => i !== index))}
          />
        ))}
        <Stack direction="row" spacing={1}>
          <Button startIcon={<AddIcon />} onClick={() => changeConditions([...conditions, NEW_CONDITION])}>
            {t('devices.addCondition')}
          </Button>
          {handEdited && (
            <Button
              onClick={() => {
                setHandEdited(false);
                setText(buildDeviceQuery(conditions));
              }}
            >
              {t('devices.backToBuilder')}
            </Button>
          )}
        </Stack>
        <TextField
          label={t('devices.rawQuery')}
          value={text}
          multiline
          minRows={1}
          maxRows={6}
          onChange={(e) => {
            setText(e.target.value);
            setHandEdited(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onRun(text);
            }
          }}
          helperText={t('devices.rawQueryHelp')}
          slotProps={{ htmlInput: { ...PAGE_SEARCH_PROPS, spellCheck: false, style: { fontFamily: 'monospace' } } }}
        />
        <Stack direction="row" spacing={1} alignItems="center">
          <Button variant="contained" onClick={() => onRun(text)} disabled={running || text.trim() === ''}>
            {t('devices.runQuery')}
          </Button>
          <SavedQueries
            current={text}
            onPick={(query) => {
              setText(query);
              setHandEdited(true);
              onRun(query);
            }}
          />
        </Stack>
      </Stack>
    </Paper>
  );
}
