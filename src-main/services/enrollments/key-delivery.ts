import QRCode from 'qrcode';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { EnrollmentKind } from '../../../src-shared/domain/enrollment.ts';
import { deriveDeviceKey, keyFingerprint } from '../keys/device-key.ts';
import { readDocument, type AreaContext } from './enrollment-crud.ts';
import { toCsv } from './import/csv.ts';

export interface CardDevice {
  registrationId: string;
  /** Set for a device of a symmetric-key group: its key is derived from the group's. */
  groupId?: string;
}

export interface ProvisioningCard {
  idScope: string;
  globalEndpoint: string;
  registrationId: string;
  primaryKey: string;
}

export const DEFAULT_MAIL_TEMPLATE = `Hello,

Your device {registrationId} is ready to be connected. Enter these values in the device portal:

  ID scope:         {idScope}
  Global endpoint:  {globalEndpoint}
  Registration ID:  {registrationId}
  Device key:       {primaryKey}

Keep the key private: anyone who has it can connect as your device.
`;

/**
 * Keys leave the main process only here, and only on an explicit operator action: a reveal of one
 * key, or an export of provisioning cards the operator confirmed contains secrets. Each is written
 * to the event log (who, when, which device, the key's fingerprint — never the key).
 */
export class KeyDelivery {
  private readonly ctx: AreaContext;

  constructor(ctx: AreaContext) {
    this.ctx = ctx;
  }

  async reveal(profileId: string, kind: EnrollmentKind, id: string, which: 'primary' | 'secondary'): Promise<{ key: string }> {
    const doc = await readDocument(this.ctx, profileId, kind, id);
    const key = which === 'primary' ? doc.attestation?.symmetricKey?.primaryKey : doc.attestation?.symmetricKey?.secondaryKey;
    if (!key) throw new AppError('not_found', `${id} has no ${which} symmetric key`);
    this.ctx.eventLog.append(profileId, {
      kind: 'keys-revealed',
      source: 'console',
      registrationId: kind === 'individual' ? id : null,
      detail: { which, fingerprint: keyFingerprint(key), ...(kind === 'group' ? { enrollmentGroupId: id } : {}) },
    });
    return { key };
  }

  /** A group device's derived key: its fingerprint, or (on `reveal`, recorded) the key itself. */
  async derive(profileId: string, groupId: string, registrationId: string, reveal: boolean): Promise<{ fingerprint: string; key: string | null }> {
    const key = deriveDeviceKey(await this.groupKey(profileId, groupId), registrationId);
    if (reveal) {
      this.ctx.eventLog.append(profileId, { kind: 'keys-revealed', source: 'console', registrationId, detail: { derivedFrom: groupId, fingerprint: keyFingerprint(key) } });
    }
    return { fingerprint: keyFingerprint(key), key: reveal ? key : null };
  }

  /** Cards for the chosen devices as CSV, JSON or mail text. The caller has confirmed the file holds secrets. */
  async exportCards(profileId: string, devices: CardDevice[], format: 'csv' | 'json' | 'mail', template = DEFAULT_MAIL_TEMPLATE): Promise<{ fileName: string; content: string; count: number }> {
    const clients = await this.ctx.access.clients(profileId);
    const groupKeys = new Map<string, string>();
    const cards: ProvisioningCard[] = [];
    for (const device of devices) {
      let key: string | undefined;
      if (device.groupId) {
        if (!groupKeys.has(device.groupId)) groupKeys.set(device.groupId, await this.groupKey(profileId, device.groupId));
        key = deriveDeviceKey(groupKeys.get(device.groupId)!, device.registrationId);
      } else {
        const doc = await readDocument(this.ctx, profileId, 'individual', device.registrationId);
        key = doc.attestation?.symmetricKey?.primaryKey;
        if (!key) throw new AppError('unsupported', `${device.registrationId} does not use a symmetric key: it has no card`);
      }
      cards.push({ idScope: clients.target.idScope, globalEndpoint: clients.target.deviceProvisioningHost, registrationId: device.registrationId, primaryKey: key });
    }
    this.ctx.eventLog.appendMany(
      profileId,
      cards.map((card, i) => ({
        kind: 'keys-exported' as const,
        source: 'console' as const,
        registrationId: card.registrationId,
        detail: { format, count: cards.length, fingerprint: keyFingerprint(card.primaryKey), ...(devices[i]!.groupId ? { derivedFrom: devices[i]!.groupId } : {}) },
      })),
    );
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (format === 'json') return { fileName: `provisioning-cards-${stamp}.json`, content: `${JSON.stringify(cards, null, 2)}\n`, count: cards.length };
    if (format === 'mail') return { fileName: `provisioning-mail-${stamp}.txt`, content: cards.map((card) => fillTemplate(template, card)).join('\n-----\n\n'), count: cards.length };
    const rows = cards.map((c) => [c.idScope, c.globalEndpoint, c.registrationId, c.primaryKey]);
    return { fileName: `provisioning-cards-${stamp}.csv`, content: toCsv([['idScope', 'globalEndpoint', 'registrationId', 'primaryKey'], ...rows]), count: cards.length };
  }

  /** Printable labels: a QR code of the registration id (never the key) as SVG. */
  async labels(registrationIds: string[]): Promise<{ registrationId: string; svg: string }[]> {
    return Promise.all(registrationIds.map(async (registrationId) => ({ registrationId, svg: await QRCode.toString(registrationId, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) })));
  }

  private async groupKey(profileId: string, groupId: string): Promise<string> {
    const group = await readDocument(this.ctx, profileId, 'group', groupId);
    const key = group.attestation?.symmetricKey?.primaryKey;
    if (!key) throw new AppError('unsupported', `The group ${groupId} does not use symmetric keys: its devices have no derived key`);
    return key;
  }
}

export function fillTemplate(template: string, card: ProvisioningCard): string {
  return template.replace(/\{(idScope|globalEndpoint|registrationId|primaryKey)\}/g, (_, name: keyof ProvisioningCard) => card[name]);
}
