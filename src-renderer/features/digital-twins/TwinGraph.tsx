import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { RelationshipSummary, TwinSummary } from '../../../src-shared/contract/channels/digital-twins.ts';

const isSpace = (twin: TwinSummary) => /:Space;\d+$/.test(twin.model);
const label = (twin: TwinSummary) => (typeof twin.properties.Temperature === 'number' ? `${twin.dtId} · ${twin.properties.Temperature}` : twin.dtId);

/** The twin graph the seed builds: each Space with the twins it `contains`, then those in no Space. */
export function TwinGraph({ twins, relationships }: { twins: TwinSummary[]; relationships: RelationshipSummary[] }) {
  const { t } = useTranslation();
  const byId = new Map(twins.map((twin) => [twin.dtId, twin]));
  const spaces = twins.filter(isSpace);
  const contained = new Set(relationships.filter((r) => r.name === 'contains').map((r) => r.target));
  const loose = twins.filter((twin) => !isSpace(twin) && !contained.has(twin.dtId));
  if (spaces.length === 0 && loose.length === 0) return <Typography color="text.secondary">{t('digital-twins.graph.empty')}</Typography>;
  const group = (title: string, members: TwinSummary[], testId: string) => (
    <Card key={testId} variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {title}
        </Typography>
        <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
          {members.map((member) => (
            <Chip key={member.dtId} label={label(member)} color="primary" variant="outlined" />
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
  return (
    <Stack spacing={2}>
      {spaces.map((space) => {
        const members = relationships.filter((r) => r.source === space.dtId && r.name === 'contains').map((r) => byId.get(r.target)).filter((m): m is TwinSummary => m !== undefined);
        return group(`${space.dtId} — ${t('digital-twins.graph.contains')} ${members.length}`, members, `space-${space.dtId}`);
      })}
      {loose.length > 0 && group(t('digital-twins.graph.unlinked'), loose, 'space-none')}
    </Stack>
  );
}
