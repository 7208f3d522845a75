import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

type TwinsChannel =
  | 'twins:overview'
  | 'twins:setEndpoint'
  | 'twins:uploadSeedModels'
  | 'twins:uploadModels'
  | 'twins:createTwin'
  | 'twins:createRelationship'
  | 'twins:deleteTwin'
  | 'twins:functionsStatus'
  | 'twins:functionsStart'
  | 'twins:functionCalls'
  | 'twins:labRun'
  | 'twins:setAllocationModule';

export function digitalTwinsHandlers(s: Services): HandlerGroup<TwinsChannel> {
  return {
    'twins:overview': () => s.digitalTwins.overview(),
    'twins:setEndpoint': ({ url }) => s.digitalTwins.setEndpoint(url),
    'twins:uploadSeedModels': () => s.digitalTwins.uploadSeedModels(),
    'twins:uploadModels': ({ json }) => s.digitalTwins.uploadModelsText(json),
    'twins:createTwin': ({ dtId, modelId, properties }) => s.digitalTwins.createTwin(dtId, modelId, properties),
    'twins:createRelationship': ({ sourceId, targetId, name }) => s.digitalTwins.createRelationship(sourceId, targetId, name),
    'twins:deleteTwin': ({ dtId }) => s.digitalTwins.deleteTwin(dtId),
    'twins:functionsStatus': () => s.digitalTwins.functionsStatus(),
    'twins:functionsStart': () => s.digitalTwins.startFunctions(),
    'twins:functionCalls': async ({ limit }) => s.digitalTwins.functionCalls(limit),
    'twins:labRun': (input) => s.digitalTwins.runLab(input),
    'twins:setAllocationModule': ({ path }) => s.digitalTwins.setAllocationModule(path),
  };
}
