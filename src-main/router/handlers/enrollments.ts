import type { ChannelName } from '../../../src-shared/contract/index.ts';
import type { Services } from '../../services/container.ts';
import { pemFacts } from '../../services/enrollments/enrollment-documents.ts';
import { DEFAULT_MAIL_TEMPLATE } from '../../services/enrollments/key-delivery.ts';
import type { HandlerGroup } from '../router.ts';

type EnrollmentChannel = Extract<ChannelName, `enrollments:${string}`>;

export function enrollmentHandlers(s: Services): HandlerGroup<EnrollmentChannel> {
  const e = s.enrollments;
  const active = () => e.profileId();
  return {
    'enrollments:list': (req) => e.list(req),
    'enrollments:refresh': (req) => e.refresh(req.kind),
    'enrollments:get': (req) => e.get(req.kind, req.id),
    'enrollments:save': (req) => e.save(req.input, req.loaded),
    'enrollments:delete': async (req) => {
      await e.delete(req.kind, req.id, req.etag);
      return { ok: true as const };
    },
    'enrollments:bulk': (req) => e.bulk(req.kind, req.action, req.ids),
    'enrollments:certificate': (req) => pemFacts(req.pem, 'pem'),
    'enrollments:revealKey': async (req) => e.keys.reveal(await active(), req.kind, req.id, req.which),
    'enrollments:deriveKey': async (req) => e.keys.derive(await active(), req.groupId, req.registrationId, req.reveal),
    'enrollments:groupRegistrations': async (req) => e.registrations.forGroup(await active(), req.groupId, req.continuation),
    'enrollments:registration': async (req) => ({ state: await e.registrations.get(await active(), req.registrationId) }),
    'enrollments:deleteRegistration': async (req) => {
      await e.registrations.delete(await active(), req.registrationId);
      return { ok: true as const };
    },
    'enrollments:importPreview': async (req) => e.imports.preview(await active(), req.csv, req.options),
    'enrollments:importStart': async (req) => e.imports.start(await active(), req.fileName, req.csv, req.options),
    'enrollments:importResults': async (req) => e.imports.results(await active(), req.jobId, req.offset, req.limit),
    'enrollments:importExport': async (req) => e.imports.exportResults(await active(), req.jobId),
    'enrollments:cards': async (req) => e.keys.exportCards(await active(), req.devices, req.format, req.template),
    'enrollments:labels': async (req) => ({ labels: await e.keys.labels(req.registrationIds) }),
    'enrollments:mailTemplate': () => ({ template: DEFAULT_MAIL_TEMPLATE }),
    'enrollments:overview': async () => e.overview.get(await active()),
    'enrollments:setPrice': async (req) => ({ pricePer1000: e.overview.setPrice(await active(), req.pricePer1000) }),
  };
}
