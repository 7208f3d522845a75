import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DigitalTwinsClient } from '@azure/digital-twins-core';
import { createDigitalTwinsClient, staticTokenCredential } from '../../services/azure/digital-twins-client.ts';
import type { Sandbox } from '../sandbox.ts';

const modelsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../assets/functions/models');

/** The seed's two DTDL models, as shipped in assets/functions/models. */
export const seedModels = (): Record<string, unknown>[] =>
  ['SpaceModel.json', 'ThermostatModel.json'].map((file) => JSON.parse(readFileSync(join(modelsDir, file), 'utf8')) as Record<string, unknown>);
export const SPACE = 'dtmi:contosocom:DigitalTwins:Space;1';
export const THERMOSTAT = 'dtmi:contosocom:DigitalTwins:Thermostat;2';

/** The unmodified @azure/digital-twins-core client against a sandbox, with the token it issued. */
export function sandboxTwinsClient(sandbox: Sandbox, ca: string, token = sandbox.digitalTwins.accessToken): DigitalTwinsClient {
  return createDigitalTwinsClient(sandbox.digitalTwins.url, staticTokenCredential(token), ca);
}

/** Collects an async iterable (the SDK's paged lists). */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
