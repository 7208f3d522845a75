import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

type TimelineChannel = 'timeline:device' | 'timeline:funnel' | 'timeline:stuck' | 'timeline:inventory' | 'timeline:export' | 'timeline:retention' | 'timeline:reconcile' | 'timeline:fix' | 'timeline:poll';

export function timelineHandlers(s: Services): HandlerGroup<TimelineChannel> {
  const active = () => s.profiles.activeId();
  return {
    'timeline:device': async (req) => s.timeline.device(await active(), req.id),
    'timeline:funnel': async (req) => s.timeline.funnel(await active(), req),
    'timeline:stuck': async (req) => ({ devices: s.timeline.stuck(await active(), req.stage, req.olderThanMs, req.limit) }),
    'timeline:inventory': async (req) => s.timeline.inventory(await active(), req),
    'timeline:export': async (req) => {
      const profileId = await active();
      const exported = s.timeline.export(profileId, req.what, req.format, req.since);
      s.eventLog.append(profileId, { kind: 'note', source: 'console', detail: { action: 'timeline-export', what: req.what, format: req.format, rows: exported.rows } });
      return exported;
    },
    'timeline:retention': async (req) => {
      const profileId = await active();
      const removed = req.days === undefined ? 0 : s.timeline.setRetention(profileId, req.days);
      return { days: s.timeline.retentionDays(profileId), removed };
    },
    'timeline:poll': async () => ({ recorded: await s.timelineRecorders.round({ startSandbox: true }) }),
    'timeline:reconcile': () => s.reconciliation.scan(),
    'timeline:fix': (req) => s.reconciliation.fix(req.id),
  };
}
