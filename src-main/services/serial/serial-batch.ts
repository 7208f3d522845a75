import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { batchRequestSchema } from '../../../src-shared/contract/channels/serial.ts';
import type { TaskContext, Tasks } from '../tasks/tasks.ts';
import type { PushErrorCode } from './push-errors.ts';
import type { SerialService } from './serial-service.ts';

export const SERIAL_BATCH_KIND = 'serial-batch';

export type BatchInput = z.output<typeof batchRequestSchema>;
interface BatchState {
  next: number;
  passed: number;
  failed: number;
  duplicates: number;
}

/** Worth another attempt on the same device: the line hiccuped. Anything else is the device's answer. */
const TRANSIENT: ReadonlySet<string> = new Set<PushErrorCode>(['SERIAL_TIMEOUT_IDENTIFY', 'SERIAL_TIMEOUT_VERIFY', 'SERIAL_TIMEOUT_COMMIT', 'SERIAL_PORT_CLOSED', 'SERIAL_OPEN_FAILED']);
const RETRIES = 1;

async function until(condition: () => Promise<boolean>, signal: AbortSignal): Promise<void> {
  while (!(await condition())) {
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The batch queue as a resumable task: one device after another on one port, each result stored
 * before the checkpoint moves past it, so a restart resumes at the first device not yet done.
 * In 'replug' mode it waits for the operator to swap the device (the port goes and comes back).
 */
export function defineSerialBatch(tasks: Tasks, serial: SerialService): void {
  tasks.define<BatchInput, BatchState>(SERIAL_BATCH_KIND, async (input, context: TaskContext<BatchState>) => {
    const total = input.mode === 'csv' ? input.items.length : (input.count ?? 0);
    const state: BatchState = context.resumeFrom ?? { next: 0, passed: 0, failed: 0, duplicates: 0 };
    const credentials = await serial.credentials(input.groupId);
    const target = { path: input.path, baudRate: input.baudRate };
    const seenSerials = new Set(serial.results.forJob(context.profileId, context.jobId).filter((r) => r.status === 'passed').map((r) => r.serial));
    for (let index = state.next; index < total; index++) {
      if (context.signal.aborted) break;
      if (input.advance === 'replug' && index > state.next) {
        await until(async () => !(await serial.present(input.path)), context.signal);
        await until(() => serial.present(input.path), context.signal);
        if (context.signal.aborted) break;
      }
      const item = input.mode === 'csv' ? (input.items[index] ?? {}) : {};
      const plan = { ...item, registrationPrefix: input.registrationPrefix, register: input.register };
      let report = await serial.pushOne(context.profileId, randomUUID(), target, credentials, plan, context.signal);
      for (let attempt = 0; !report.ok && attempt < RETRIES && TRANSIENT.has(report.error?.code ?? '') && !context.signal.aborted; attempt++) {
        report = await serial.pushOne(context.profileId, randomUUID(), target, credentials, plan, context.signal);
      }
      if (report.error?.code === 'SERIAL_CANCELLED') break;
      const duplicate = report.ok && input.mode === 'serial' && seenSerials.has(report.serial);
      const status = duplicate ? 'duplicate' : report.ok ? 'passed' : 'failed';
      if (report.ok) seenSerials.add(report.serial);
      serial.results.record(context.profileId, {
        jobId: context.jobId,
        index,
        registrationId: report.registrationId ?? item.registrationId ?? '',
        serial: report.serial,
        status,
        step: report.error?.step ?? null,
        code: duplicate ? 'SERIAL_DUPLICATE' : (report.error?.code ?? null),
        message: duplicate ? 'This device was already pushed in this batch; plug in the next one.' : (report.error?.message ?? null),
        keyFingerprint: report.keyFingerprint,
        assignedHub: report.assignedHub,
        at: Date.now(),
      });
      if (status === 'passed') state.passed++;
      else if (status === 'failed') state.failed++;
      else state.duplicates++;
      // In replug mode a device seen before does not use up its slot: the slot waits for a new one.
      const retrySlot = duplicate && input.advance === 'replug';
      state.next = retrySlot ? index : index + 1;
      context.checkpoint({ ...state }, { done: state.passed, failed: state.failed + state.duplicates, total, summary: { passed: state.passed, failed: state.failed, duplicates: state.duplicates } });
      if (retrySlot) index--;
    }
    return { passed: state.passed, failed: state.failed, duplicates: state.duplicates };
  });
}
