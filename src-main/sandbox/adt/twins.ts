import { randomUUID } from 'node:crypto';
import { AdtError, checkPreconditions, invalidArgument, twinNotFound, validationFailed } from './adt-errors.ts';
import type { AdtStore, Relationship, Twin } from './adt-store.ts';
import { applyPatch, parsePatch, pointerSegments } from './json-patch.ts';
import type { Models } from './models.ts';
import { checkRelationshipProperties, checkTwinAgainstModel } from './twin-validation.ts';

export interface Preconditions {
  'if-match'?: string | undefined;
  'if-none-match'?: string | undefined;
}

const newEtag = () => `W/"${randomUUID()}"`;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Twin and relationship writes: precondition, model check, one transaction, a change event after it commits. */
export class Twins {
  private readonly store: AdtStore;
  private readonly models: Models;
  private readonly onChange: (change: { type: 'twinChanged' | 'twinDeleted'; twin: Twin }) => void;

  constructor(store: AdtStore, models: Models, onChange: (change: { type: 'twinChanged' | 'twinDeleted'; twin: Twin }) => void = () => {}) {
    this.store = store;
    this.models = models;
    this.onChange = onChange;
  }

  get(id: string): Twin {
    const twin = this.store.twins.get(id);
    if (!twin) throw twinNotFound(id);
    return twin;
  }

  upsert(id: string, body: unknown, conditions: Preconditions): Twin {
    if (!isObject(body)) throw invalidArgument('The twin must be a JSON object.');
    const metadata = isObject(body.$metadata) ? body.$metadata : undefined;
    const modelId = metadata?.$model;
    if (typeof modelId !== 'string') throw validationFailed('The twin must name its model in $metadata.$model.');
    if (body.$dtId !== undefined && body.$dtId !== id) throw invalidArgument(`$dtId ${String(body.$dtId)} does not match the id in the path (${id}).`);
    const current = this.store.twins.get(id);
    checkPreconditions(conditions, current?.$etag, `twin ${id}`);
    const model = this.models.flatModel(modelId);
    if (this.models.get(modelId).decommissioned && current?.$metadata.$model !== modelId) {
      throw new AdtError(400, 'ModelDecommissioned', `The model ${modelId} is decommissioned: no new twins may use it.`);
    }
    const { $etag: _etag, $metadata: _metadata, ...properties } = body;
    checkTwinAgainstModel(properties, model);
    const now = new Date().toISOString();
    const twin = { ...properties, $dtId: id, $etag: newEtag(), $metadata: stampMetadata({ $model: modelId }, Object.keys(properties), now) } as Twin;
    return this.write(twin);
  }

  update(id: string, body: unknown, conditions: Preconditions): Twin {
    const operations = parsePatch(body);
    const current = this.get(id);
    checkPreconditions(conditions, current.$etag, `twin ${id}`);
    const touched = new Set<string>();
    for (const operation of operations) {
      const [first, second] = pointerSegments(operation.path);
      if (first === '$dtId' || first === '$etag') throw validationFailed(`${operation.path} cannot be patched.`);
      if (first === '$metadata' && second !== '$model') throw validationFailed(`${operation.path}: only /$metadata/$model may be patched.`);
      if (first !== '$metadata') touched.add(first as string);
    }
    const patched = applyPatch(current, operations);
    const { $dtId: _id, $etag: _etag, $metadata, ...properties } = patched;
    const model = this.models.flatModel($metadata.$model);
    checkTwinAgainstModel(properties, model);
    const metadata = stampMetadata({ ...$metadata }, [...touched].filter((name) => name in properties), new Date().toISOString());
    for (const name of touched) if (!(name in properties)) delete metadata[name];
    return this.write({ ...properties, $dtId: id, $etag: newEtag(), $metadata: metadata } as Twin);
  }

  delete(id: string, conditions: Preconditions): void {
    const current = this.get(id);
    checkPreconditions(conditions, current.$etag, `twin ${id}`);
    if (this.store.outgoing.get(id)?.size || this.store.incoming.get(id)?.size) {
      throw new AdtError(400, 'RelationshipsNotDeleted', `Digital twin ${id} still has relationships; delete them first.`);
    }
    this.store.database.transaction(() => {
      this.store.deleteTwin(id);
      this.store.database.afterCommit(() => this.onChange({ type: 'twinDeleted', twin: current }));
    });
  }

  getRelationship(source: string, id: string): Relationship {
    this.get(source);
    const relationship = this.store.relationship(source, id);
    if (!relationship) throw new AdtError(404, 'RelationshipNotFound', `There is no relationship ${id} on digital twin ${source}.`);
    return relationship;
  }

  upsertRelationship(source: string, id: string, body: unknown, conditions: Preconditions): Relationship {
    if (!isObject(body)) throw invalidArgument('The relationship must be a JSON object.');
    const sourceTwin = this.get(source);
    const { $targetId: targetId, $relationshipName: name } = body;
    if (typeof targetId !== 'string' || typeof name !== 'string') throw new AdtError(400, 'InvalidRelationship', 'A relationship needs $targetId and $relationshipName.');
    if (targetId === source) throw new AdtError(400, 'OperationNotAllowed', 'A twin cannot have a relationship to itself.');
    const target = this.store.twins.get(targetId);
    if (!target) throw new AdtError(404, 'TargetTwinNotFound', `The target twin ${targetId} does not exist.`);
    checkPreconditions(conditions, this.store.relationship(source, id)?.$etag, `relationship ${id}`);
    const model = this.models.flatModel(sourceTwin.$metadata.$model);
    const declared = model.contents.get(name);
    if (!declared || declared.kind !== 'Relationship') throw new AdtError(400, 'InvalidRelationship', `${name} is not a relationship of the model ${model.id}.`);
    if (declared.target && !this.models.flatModel(target.$metadata.$model).ancestors.has(declared.target)) {
      throw new AdtError(400, 'InvalidRelationship', `${name} must target a twin of ${declared.target}; ${targetId} is a ${target.$metadata.$model}.`);
    }
    checkRelationshipProperties(body, declared.properties ?? [], model);
    const relationship = { ...body, $relationshipId: id, $sourceId: source, $targetId: targetId, $relationshipName: name, $etag: newEtag() } as Relationship;
    this.store.database.transaction(() => this.store.putRelationship(relationship));
    return relationship;
  }

  updateRelationship(source: string, id: string, body: unknown, conditions: Preconditions): Relationship {
    const operations = parsePatch(body);
    const current = this.getRelationship(source, id);
    checkPreconditions(conditions, current.$etag, `relationship ${id}`);
    if (operations.some((operation) => operation.path.startsWith('/$'))) throw validationFailed('Only relationship properties may be patched.');
    const patched = applyPatch(current, operations);
    const declared = this.models.flatModel(this.get(source).$metadata.$model).contents.get(current.$relationshipName);
    checkRelationshipProperties(patched, declared?.properties ?? [], this.models.flatModel(this.get(source).$metadata.$model));
    const relationship = { ...patched, $etag: newEtag() };
    this.store.database.transaction(() => this.store.putRelationship(relationship));
    return relationship;
  }

  deleteRelationship(source: string, id: string, conditions: Preconditions): void {
    const current = this.getRelationship(source, id);
    checkPreconditions(conditions, current.$etag, `relationship ${id}`);
    this.store.database.transaction(() => this.store.deleteRelationship(current));
  }

  listRelationships(source: string, name: string | undefined): Relationship[] {
    this.get(source);
    return [...(this.store.outgoing.get(source)?.values() ?? [])].filter((r) => name === undefined || r.$relationshipName === name);
  }

  listIncoming(target: string): Relationship[] {
    this.get(target);
    return [...(this.store.incoming.get(target) ?? [])];
  }

  private write(twin: Twin): Twin {
    this.store.database.transaction(() => {
      this.store.putTwin(twin);
      this.store.database.afterCommit(() => this.onChange({ type: 'twinChanged', twin }));
    });
    return twin;
  }
}

function stampMetadata(metadata: Record<string, unknown>, names: string[], now: string): Twin['$metadata'] {
  const stamped = { ...metadata, $lastUpdateTime: now } as unknown as Twin['$metadata'];
  for (const name of names) stamped[name] = { lastUpdateTime: now };
  return stamped;
}
