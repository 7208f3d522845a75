/** Whether a device has acknowledged one desired property, judged from its reported properties. */
export interface DesiredAck {
  name: string;
  desired: unknown;
  reported: unknown;
  /** acknowledged: reported holds the desired value; differs: the device reported after the change, another value; pending: not yet. */
  state: 'acknowledged' | 'pending' | 'differs';
  /** The desired version the device says it acknowledged (Plug and Play `av`), else the reported section's $version. */
  reportedVersion: number | null;
}

type Section = Record<string, unknown> & { $version?: number; $metadata?: Record<string, { $lastUpdated?: string } | undefined> };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One entry per top-level desired property. A reported value equal to the desired one counts,
 * as does the Plug and Play form `{value, ac, av}` whose value matches or whose `av` reached the
 * desired version.
 */
export function desiredAcks(twin: Record<string, unknown>): DesiredAck[] {
  const properties = isObject(twin.properties) ? twin.properties : {};
  const desired = (isObject(properties.desired) ? properties.desired : {}) as Section;
  const reported = (isObject(properties.reported) ? properties.reported : {}) as Section;
  const desiredVersion = typeof desired.$version === 'number' ? desired.$version : null;
  return Object.keys(desired)
    .filter((name) => !name.startsWith('$'))
    .sort()
    .map((name) => {
      const want = desired[name];
      const got = reported[name];
      const pnp = isObject(got) && 'value' in got && ('av' in got || 'ac' in got);
      const av = pnp && typeof got.av === 'number' ? got.av : null;
      const value = pnp ? got.value : got;
      let state: DesiredAck['state'];
      if (same(value, want) || (av !== null && desiredVersion !== null && av >= desiredVersion)) state = 'acknowledged';
      else if (got === undefined) state = 'pending';
      else {
        const desiredAt = Date.parse(desired.$metadata?.[name]?.$lastUpdated ?? '');
        const reportedAt = Date.parse(reported.$metadata?.[name]?.$lastUpdated ?? '');
        state = reportedAt > desiredAt ? 'differs' : 'pending';
      }
      return { name, desired: want, reported: got, state, reportedVersion: av ?? (typeof reported.$version === 'number' ? reported.$version : null) };
    });
}
