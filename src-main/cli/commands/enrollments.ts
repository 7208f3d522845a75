import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices, disposeServices } from '../../services/container.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { defaultDataDir } from '../default-data-dir.ts';

/**
 * `enrollments import FILE --profile P`: the CSV import without a window, for a CRM's nightly
 * export. Runs the same task as the console (same checks, same bulk batches, same idempotence),
 * and prints one JSON summary line on stdout; exit 0 when every row was created or already there.
 */
export const enrollmentsCommand: CliCommand = {
  usage: [
    'provisioning-bench enrollments import FILE --profile P [--template T] [--data-dir DIR]',
    '',
    '  FILE            a CSV of device records (serialNumber, registrationId, customer, model, tags, deviceId)',
    '  --profile P     the profile, by name or id ("Sandbox" for the built-in sandbox)',
    '  --template T    derive registration ids from the serial number, e.g. dev-{serial}',
    `  --data-dir DIR  the console's data (default ${defaultDataDir()})`,
    '',
    'Prints one JSON line: {"profile","file","taskId","status","rows","created","exists","failed","invalid","throttled","seconds"}.',
    'Exit 0 when nothing failed, 1 when a row failed or was refused, 2 for a usage error.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { profile: { type: 'string' }, template: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
    const [verb, file] = positionals;
    if (verb !== 'import' || !file || positionals.length !== 2) throw new UsageError('Usage: provisioning-bench enrollments import FILE --profile P');
    if (!values.profile) throw new UsageError('--profile is required (a profile name or id, e.g. Sandbox).');
    const csv = await readFile(resolve(file), 'utf8').catch((error: Error) => {
      throw new UsageError(`Cannot read ${file}: ${error.message}`);
    });
    const services = await createServices({
      paths: { userData: resolve(values['data-dir'] ?? defaultDataDir()) },
      shellInfo: { shell: 'web', appVersion: '0.0.0-cli', electronVersion: null, chromeVersion: null },
    });
    try {
      const { profiles } = await services.profiles.list();
      const wanted = values.profile.toLowerCase();
      const profile = profiles.find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
      if (!profile) throw new UsageError(`No profile "${values.profile}"; profiles: ${profiles.map((p) => p.name).join(', ')}`);
      const started = performance.now();
      const options = values.template ? { template: values.template } : {};
      const task = services.enrollments.imports.start(profile.id, basename(file), csv, options);
      io.stderr(`Importing ${basename(file)} into ${profile.name}…`);
      const done = await services.tasks.finished(profile.id, task.id);
      const s = done.summary;
      const summary = {
        profile: profile.name,
        file: basename(file),
        taskId: done.id,
        status: done.status,
        rows: Number(s.created ?? 0) + Number(s.exists ?? 0) + Number(s.failed ?? 0) + Number(s.invalid ?? 0),
        created: Number(s.created ?? 0),
        exists: Number(s.exists ?? 0),
        failed: Number(s.failed ?? 0),
        invalid: Number(s.invalid ?? 0),
        throttled: Number(s.throttled ?? 0),
        seconds: Math.round((performance.now() - started) / 100) / 10,
        ...(done.message ? { message: done.message } : {}),
      };
      io.stdout(JSON.stringify(summary));
      return done.status === 'succeeded' && summary.failed === 0 && summary.invalid === 0 ? 0 : 1;
    } finally {
      await disposeServices(services);
    }
  },
};
