import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

type SimulatorChannel =
  | 'simulator:status' | 'simulator:start' | 'simulator:pause' | 'simulator:resume' | 'simulator:stop'
  | 'simulator:scale' | 'simulator:fault' | 'simulator:reprovision' | 'simulator:devices' | 'simulator:deviceLog';

export function simulatorHandlers(s: Services): HandlerGroup<SimulatorChannel> {
  return {
    'simulator:status': () => s.simulator.status(),
    'simulator:start': (req) => s.simulator.startFleet(req),
    'simulator:pause': () => s.simulator.pause(),
    'simulator:resume': () => s.simulator.resume(),
    'simulator:stop': () => s.simulator.stop(),
    'simulator:scale': (req) => s.simulator.scale(req.count),
    'simulator:fault': (req) => s.simulator.setFault(req.fault, req.active, req.ids ?? null),
    'simulator:reprovision': (req) => s.simulator.reprovision(req.ids ?? null),
    'simulator:devices': () => s.simulator.devices(),
    'simulator:deviceLog': (req) => s.simulator.deviceLog(req.id),
  };
}
