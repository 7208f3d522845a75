import Box from '@mui/material/Box';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonitorEvent } from '../../../../src-shared/contract/channels/monitor.ts';

const ROW_HEIGHT = 28;
const OVERSCAN = 10;

export interface EventListProps {
  /** How many events the list shows, and how to get the i-th (0 = oldest). */
  count: number;
  eventAt(i: number): MonitorEvent | undefined;
  selected: number | null;
  onSelect(i: number): void;
  height: number;
}

function summary(event: MonitorEvent): string {
  return event.kind === 'telemetry' ? event.body : `${event.opType ?? event.kind} ${event.kind === 'twinChangeEvents' ? event.body : ''}`;
}

/** The monitor's events, newest at the bottom, drawing only the rows in view (thousands stay cheap). */
export function EventList({ count, eventAt, selected, onSelect, height }: EventListProps) {
  const { t, i18n } = useTranslation();
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 });
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && selected !== null && selected < count - 1) onSelect(selected + 1);
    if (e.key === 'ArrowUp' && selected !== null && selected > 0) onSelect(selected - 1);
  };
  const rows = [];
  for (let i = first; i < last; i++) {
    const event = eventAt(i);
    if (!event) continue;
    rows.push(
      <Box
        key={i}
        role="row"
        aria-selected={selected === i}
        onClick={() => onSelect(i)}
        sx={{
          position: 'absolute',
          top: i * ROW_HEIGHT,
          left: 0,
          right: 0,
          height: ROW_HEIGHT,
          display: 'flex',
          gap: 2,
          px: 1,
          alignItems: 'center',
          cursor: 'pointer',
          fontFamily: 'monospace',
          fontSize: 13,
          whiteSpace: 'nowrap',
          bgcolor: selected === i ? 'action.selected' : undefined,
          '&:hover': { bgcolor: 'action.hover' },
        }}
      >
        <Box component="span" role="cell" sx={{ color: 'text.secondary', width: 110, flexShrink: 0 }}>{time.format(event.enqueuedAt)}</Box>
        <Box component="span" role="cell" sx={{ width: 110, flexShrink: 0, color: event.kind === 'telemetry' ? 'text.primary' : 'secondary.main' }}>{t(`devices.monitor.kinds.${event.kind}`)}</Box>
        <Box component="span" role="cell" sx={{ width: 180, flexShrink: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>{event.deviceId}</Box>
        <Box component="span" role="cell" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{summary(event)}</Box>
      </Box>,
    );
  }
  return (
    <Box
      role="grid"
      aria-label={t('devices.monitor.events')}
      aria-rowcount={count}
      tabIndex={0}
      onKeyDown={onKey}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      sx={{ height, overflowY: 'auto', position: 'relative', border: 1, borderColor: 'divider', borderRadius: 1 }}
    >
      <Box sx={{ height: count * ROW_HEIGHT, position: 'relative' }}>{rows}</Box>
    </Box>
  );
}
