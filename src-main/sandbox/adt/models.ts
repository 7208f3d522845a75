import { AdtError, jsonPatchInvalid, modelNotFound } from './adt-errors.ts';
import type { AdtStore, StoredModel } from './adt-store.ts';
import { checkInterface, extendsOf, flatten } from './dtdl.ts';
import type { DtdlContent, DtdlInterface, FlatModel } from './dtdl.ts';

/** The model data shape of the REST API (adt-wire.md §7); `model` only when asked for. */
export function modelData(stored: StoredModel, includeDefinition: boolean): Record<string, unknown> {
  const asLanguageMap = (value: unknown) => (typeof value === 'string' ? { en: value } : value);
  return {
    id: stored.id,
    ...(stored.model.displayName !== undefined ? { displayName: asLanguageMap(stored.model.displayName) } : {}),
    ...(stored.model.description !== undefined ? { description: asLanguageMap(stored.model.description) } : {}),
    uploadTime: stored.uploadTime,
    decommissioned: stored.decommissioned,
    ...(includeDefinition ? { model: stored.model } : {}),
  };
}

/** Model upload, lookup, decommission and delete, with flattened models cached for twin validation. */
export class Models {
  private readonly flat = new Map<string, FlatModel>();

  private readonly store: AdtStore;

  constructor(store: AdtStore) {
    this.store = store;
  }

  /** Uploads a batch atomically: every interface valid, no id already present, every reference resolvable. */
  create(body: unknown): StoredModel[] {
    if (!Array.isArray(body) || body.length === 0) throw new AdtError(400, 'InvalidArgument', 'The request body must be a non-empty JSON array of DTDL interfaces.');
    const batch = new Map<string, DtdlInterface>();
    for (const raw of body) {
      const model = checkInterface(raw);
      if (batch.has(model['@id'])) throw new AdtError(400, 'DTDLParserError', `${model['@id']} appears twice in the request.`);
      batch.set(model['@id'], model);
    }
    for (const id of batch.keys()) {
      if (this.store.models.has(id)) throw new AdtError(409, 'ModelAlreadyExists', `Model with id ${id} already exists.`);
    }
    const lookup = (id: string) => batch.get(id) ?? this.store.models.get(id)?.model;
    for (const [id, model] of batch) {
      flatten(id, lookup);
      for (const content of model.contents ?? []) this.checkReferences(id, content, lookup);
    }
    const uploadTime = new Date().toISOString();
    const stored = [...batch.values()].map((model) => ({ id: model['@id'], model, uploadTime, decommissioned: false }));
    this.store.database.transaction(() => stored.forEach((model) => this.store.putModel(model)));
    return stored;
  }

  get(id: string): StoredModel {
    const stored = this.store.models.get(id);
    if (!stored) throw modelNotFound(id);
    return stored;
  }

  /** All models, or those named and everything they extend (`dependenciesFor`). */
  list(dependenciesFor: string[]): StoredModel[] {
    if (dependenciesFor.length === 0) return [...this.store.models.values()];
    const wanted = new Set<string>();
    const visit = (id: string) => {
      if (wanted.has(id)) return;
      wanted.add(id);
      extendsOf(this.get(id).model).forEach(visit);
    };
    dependenciesFor.forEach(visit);
    return [...wanted].map((id) => this.get(id));
  }

  /** The only patch the service takes: replace /decommissioned with true. */
  patch(id: string, patch: unknown): void {
    const stored = this.get(id);
    const ops = Array.isArray(patch) ? patch : [];
    const valid = ops.length === 1 && ops[0]?.op === 'replace' && ops[0]?.path === '/decommissioned' && ops[0]?.value === true;
    if (!valid) throw jsonPatchInvalid('A model accepts only [{"op":"replace","path":"/decommissioned","value":true}].');
    this.store.database.transaction(() => this.store.putModel({ ...stored, decommissioned: true }));
  }

  delete(id: string): void {
    this.get(id);
    const dependant = [...this.store.models.values()].find((other) => extendsOf(other.model).includes(id) || other.model.contents?.some((c) => c.schema === id));
    if (dependant) throw new AdtError(409, 'ModelReferencesNotDeleted', `Model ${id} is referenced by ${dependant.id}; delete that model first.`);
    this.store.database.transaction(() => this.store.deleteModel(id));
    this.flat.clear();
  }

  /** The flattened model a twin of `id` is checked against (unknown → ValidationFailed, as ADT answers a twin PUT). */
  flatModel(id: string): FlatModel {
    let flat = this.flat.get(id);
    if (!flat) {
      if (!this.store.models.has(id)) throw new AdtError(400, 'ValidationFailed', `Invalid model specified: ${id} is not an uploaded model.`);
      flat = flatten(id, (modelId) => this.store.models.get(modelId)?.model);
      this.flat.set(id, flat);
    }
    return flat;
  }

  private checkReferences(owner: string, content: DtdlContent, lookup: (id: string) => DtdlInterface | undefined): void {
    const component = content['@type'] === 'Component' && typeof content.schema === 'string' ? content.schema : undefined;
    if (component && !component.startsWith('dtmi:dtdl:') && !lookup(component)) {
      throw new AdtError(400, 'DTDLParserError', `${owner}: component ${content.name} names ${component}, which is neither uploaded nor in this request.`);
    }
  }
}
