import { describe, expect, it } from 'vitest';
import { eventChannels, requestChannels } from './index.ts';

// Pins the contract's surface: any change to the list of channels shows up in review here.
describe('contract surface', () => {
  it('lists exactly these request channels', () => {
    expect(Object.keys(requestChannels).sort()).toMatchInlineSnapshot(`
      [
        "app:ping",
        "app:versions",
        "devices:bulkResults",
        "devices:bulkTwin",
        "devices:create",
        "devices:delete",
        "devices:deleteMethodTemplate",
        "devices:deleteQuery",
        "devices:exportIdentities",
        "devices:get",
        "devices:hubs",
        "devices:importIdentities",
        "devices:invokeMethod",
        "devices:methodHistory",
        "devices:methodTemplates",
        "devices:patchTwin",
        "devices:query",
        "devices:regenerateKeys",
        "devices:revealKeys",
        "devices:saveMethodTemplate",
        "devices:saveQuery",
        "devices:savedQueries",
        "devices:sendMessage",
        "devices:setStatus",
        "jobs:cancel",
        "jobs:get",
        "jobs:list",
        "jobs:preview",
        "jobs:results",
        "jobs:schedule",
        "monitor:keepAlive",
        "monitor:start",
        "monitor:stop",
        "profiles:activate",
        "profiles:create",
        "profiles:delete",
        "profiles:export",
        "profiles:get",
        "profiles:import",
        "profiles:list",
        "profiles:rename",
        "profiles:testConnection",
        "profiles:update",
        "profiles:usage",
        "sandbox:counts",
        "sandbox:reset",
        "sandbox:restart",
        "sandbox:status",
        "settings:get",
        "settings:update",
        "tasks:cancel",
        "tasks:list",
        "tasks:resume",
        "vault:setPassphrase",
        "vault:status",
        "vault:unlock",
      ]
    `);
  });

  it('lists exactly these event channels', () => {
    expect(Object.keys(eventChannels).sort()).toMatchInlineSnapshot(`
      [
        "app:notice",
        "monitor:events",
        "monitor:stopped",
        "profiles:changed",
        "sandbox:status",
        "tasks:progress",
      ]
    `);
  });

  it('names every channel domain:verb', () => {
    for (const name of [...Object.keys(requestChannels), ...Object.keys(eventChannels)]) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    }
  });
});
