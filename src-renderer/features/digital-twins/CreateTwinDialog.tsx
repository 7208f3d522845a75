import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelSummary, TwinSummary } from '../../../src-shared/contract/channels/digital-twins.ts';

export interface NewTwin {
  dtId: string;
  modelId: string;
  properties: Record<string, string | number | boolean>;
  parent: string | null;
}

const NUMERIC = new Set(['double', 'float', 'integer', 'long']);

/** A twin of an uploaded model, its properties typed by the model, optionally contained by a Space. */
export function CreateTwinDialog({ open, models, spaces, onCancel, onCreate }: { open: boolean; models: ModelSummary[]; spaces: TwinSummary[]; onCancel(): void; onCreate(twin: NewTwin): void }) {
  const { t } = useTranslation();
  const [modelId, setModelId] = useState('');
  const [dtId, setDtId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [parent, setParent] = useState('');
  const model = models.find((m) => m.id === modelId) ?? models[0];
  const fields = (model?.properties ?? []).filter((p) => p.schema === 'string' || p.schema === 'boolean' || NUMERIC.has(p.schema));
  const wrong = fields.find((p) => NUMERIC.has(p.schema) && (values[p.name] ?? '').trim() !== '' && !Number.isFinite(Number(values[p.name])));
  const submit = () => {
    if (!model || wrong || dtId.trim() === '') return;
    const properties: NewTwin['properties'] = {};
    for (const p of fields) {
      const raw = (values[p.name] ?? '').trim();
      if (raw === '') continue;
      properties[p.name] = NUMERIC.has(p.schema) ? Number(raw) : p.schema === 'boolean' ? raw === 'true' : raw;
    }
    onCreate({ dtId: dtId.trim(), modelId: model.id, properties, parent: parent || null });
    setDtId('');
    setValues({});
  };
  return (
    <Dialog open={open} onClose={onCancel} fullWidth maxWidth="sm">
      <DialogTitle>{t('digital-twins.create.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }} component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
          <TextField select label={t('digital-twins.create.model')} value={model?.id ?? ''} onChange={(e) => setModelId(e.target.value)}>
            {models.map((m) => (
              <MenuItem key={m.id} value={m.id}>
                {m.displayName ?? m.id}
              </MenuItem>
            ))}
          </TextField>
          <TextField label={t('digital-twins.create.id')} value={dtId} onChange={(e) => setDtId(e.target.value)} required autoFocus />
          {fields.map((p) => (
            <TextField
              key={`${model?.id}-${p.name}`}
              label={`${p.name} (${p.schema})`}
              value={values[p.name] ?? ''}
              onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
              error={wrong?.name === p.name}
              helperText={wrong?.name === p.name ? t('digital-twins.create.notNumber', { name: p.name }) : undefined}
            />
          ))}
          {spaces.length > 0 && (
            <TextField select label={t('digital-twins.create.parent')} value={parent} onChange={(e) => setParent(e.target.value)}>
              <MenuItem value="">{t('digital-twins.create.none')}</MenuItem>
              {spaces.map((s) => (
                <MenuItem key={s.dtId} value={s.dtId}>
                  {s.dtId}
                </MenuItem>
              ))}
            </TextField>
          )}
          <button type="submit" hidden />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('digital-twins.create.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={!model || !!wrong || dtId.trim() === ''}>
          {t('digital-twins.create.create')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
