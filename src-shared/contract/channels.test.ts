import { describe, expect, it } from 'vitest';
import { eventChannels, requestChannels } from './index.ts';

// Pins the contract's surface: any change to the list of channels shows up in review here.
describe('contract surface', () => {
  it('lists exactly these request channels', () => {
    expect(Object.keys(requestChannels).sort()).toMatchInlineSnapshot(`
      [
        "app:ping",
        "app:versions",
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
        "serial:cancel",
        "serial:exportResults",
        "serial:parseQueue",
        "serial:ports",
        "serial:push",
        "serial:results",
        "serial:startBatch",
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
        "profiles:changed",
        "sandbox:status",
        "serial:console",
        "serial:ports",
        "serial:result",
        "serial:step",
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
