import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentKind, EnrollmentView } from '../../../src-shared/domain/enrollment.ts';
import { useRequest } from '../../api/index.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EnrollmentDetailsDialog } from './EnrollmentDetailsDialog.tsx';
import { EnrollmentFormDialog } from './EnrollmentFormDialog.tsx';
import { EnrollmentTable } from './EnrollmentTable.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { OverviewPanel } from './OverviewPanel.tsx';

type TabId = EnrollmentKind | 'import' | 'overview';
const TABS: TabId[] = ['individual', 'group', 'import', 'overview'];

/** Individual enrollments and groups (tables from the local index), CSV import, and the DPS overview. */
export default function EnrollmentsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabId>('individual');
  const [open, setOpen] = useState<{ kind: EnrollmentKind; id: string } | null>(null);
  const [form, setForm] = useState<{ kind: EnrollmentKind; editing: EnrollmentView | null } | null>(null);
  const [version, setVersion] = useState(0);
  const overview = useRequest('enrollments:overview', {});
  const linkedHubs = overview.data?.linkedHubs.map((h) => h.host) ?? [];
  const changed = () => setVersion((n) => n + 1);

  return (
    <>
      <PageHeader title={t('areas.enrollments.title')} />
      <Tabs value={tab} onChange={(_, value: TabId) => setTab(value)} sx={{ mb: 2 }} aria-label={t('areas.enrollments.title')}>
        {TABS.map((id) => (
          <Tab key={id} value={id} label={t(`enrollments.tabs.${id}`)} data-testid={`enrollments-tab-${id}`} />
        ))}
      </Tabs>
      <Box>
        {(tab === 'individual' || tab === 'group') && (
          <EnrollmentTable key={tab} kind={tab} version={version} onOpen={(id) => setOpen({ kind: tab, id })} onCreate={() => setForm({ kind: tab, editing: null })} />
        )}
        {tab === 'import' && <ImportPanel onImported={changed} />}
        {tab === 'overview' && <OverviewPanel overview={overview} />}
      </Box>
      {open && (
        <EnrollmentDetailsDialog
          kind={open.kind}
          id={open.id}
          onClose={() => setOpen(null)}
          onEdit={(view) => {
            setOpen(null);
            setForm({ kind: view.kind, editing: view });
          }}
          onDeleted={() => {
            setOpen(null);
            changed();
          }}
        />
      )}
      {form && (
        <EnrollmentFormDialog
          kind={form.kind}
          editing={form.editing}
          linkedHubs={linkedHubs}
          onClose={() => setForm(null)}
          onSaved={() => {
            setForm(null);
            changed();
          }}
        />
      )}
    </>
  );
}
