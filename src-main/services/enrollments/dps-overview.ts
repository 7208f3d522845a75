import type { AreaContext } from './enrollment-crud.ts';

/** The seed's S1 price: USD 0.145 per 1,000 operations (the operator sets today's). */
export const DEFAULT_PRICE_PER_1000 = 0.145;
const PRICE_KEY = 'pricePer1000';

/**
 * What the DPS is and what it costs: id scope, endpoints, linked hubs, and the DPS operations the
 * console made (each service call, each enrollment of a bulk call), priced per 1,000.
 * The service API does not report allocation weights; hubs show the profile's (1 each, even).
 */
export class DpsOverview {
  private readonly ctx: AreaContext;

  constructor(ctx: AreaContext) {
    this.ctx = ctx;
  }

  async get(profileId: string) {
    const clients = await this.ctx.access.clients(profileId);
    const { target } = clients;
    const price = this.price(profileId);
    const ops = this.ctx.index.ops(profileId);
    let registrations: number | null = null;
    if (target.kind === 'sandbox') {
      const stats = (await clients.sandboxStats(target.dps.host).catch(() => null)) as { registrations?: { total?: number } } | null;
      registrations = stats?.registrations?.total ?? null;
    }
    const cost = (n: number) => Math.round((n / 1000) * price * 10_000) / 10_000;
    return {
      kind: target.kind,
      idScope: target.idScope,
      serviceEndpoint: target.dps.host,
      globalDeviceEndpoint: target.deviceProvisioningHost,
      linkedHubs: target.hubs.map((hub) => ({ host: hub.host, allocationWeight: 1 })),
      operations: { ...ops, registrations },
      pricePer1000: price,
      estimatedCost: { today: cost(ops.today), month: cost(ops.month + (registrations ?? 0)), total: cost(ops.total + (registrations ?? 0)) },
    };
  }

  price(profileId: string): number {
    const stored = Number(this.ctx.index.setting(profileId, PRICE_KEY));
    return Number.isFinite(stored) && stored > 0 ? stored : DEFAULT_PRICE_PER_1000;
  }

  setPrice(profileId: string, price: number): number {
    this.ctx.index.saveSetting(profileId, PRICE_KEY, String(price));
    return price;
  }
}
