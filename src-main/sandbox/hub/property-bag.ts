/**
 * The property bag at the end of device MQTT topics (azure-wire.md §4): `&`-joined
 * `encodeURIComponent(k)=encodeURIComponent(v)`, system properties prefixed `$.`.
 */
export interface MessageProperties {
  /** `$.mid`, `$.cid`, `$.ct`, … with the `$.` removed (mid → messageId etc. stays the wire name). */
  system: Record<string, string>;
  application: Record<string, string>;
  /** System ids an AMQP device sent as the AMQP uuid type: Event Hubs readers get them as that type too. */
  uuidIds?: Array<'messageId' | 'correlationId'>;
}

const SYSTEM_NAMES: Record<string, string> = {
  mid: 'messageId',
  cid: 'correlationId',
  uid: 'userId',
  to: 'to',
  exp: 'expiryTimeUtc',
  ct: 'contentType',
  ce: 'contentEncoding',
  ifid: 'interfaceId',
  sub: 'subject',
};

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses a bag leniently: a malformed pair is kept raw rather than failing the message. */
export function parsePropertyBag(bag: string): MessageProperties {
  const result: MessageProperties = { system: {}, application: {} };
  for (const pair of bag.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    if (key.startsWith('$.')) {
      const short = key.slice(2);
      result.system[SYSTEM_NAMES[short] ?? short] = value;
    } else {
      result.application[key] = value;
    }
  }
  return result;
}

const WIRE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(SYSTEM_NAMES).map(([wire, name]) => [name, wire]));

/** Builds a devicebound bag with encodeURIComponent (URLSearchParams would turn spaces into '+'). */
export function encodePropertyBag(properties: MessageProperties): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(properties.system)) {
    pairs.push(`${encodeURIComponent(`$.${WIRE_NAMES[name] ?? name}`)}=${encodeURIComponent(value)}`);
  }
  for (const [key, value] of Object.entries(properties.application)) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return pairs.join('&');
}

/** Reads `$rid` and other query-style parameters from a `…/?$rid=1&$version=2` topic tail. */
export function topicParameters(topic: string): Map<string, string> {
  const q = topic.indexOf('?');
  const params = new Map<string, string>();
  if (q < 0) return params;
  for (const pair of topic.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) params.set(decode(pair.slice(0, eq)), decode(pair.slice(eq + 1)));
  }
  return params;
}
