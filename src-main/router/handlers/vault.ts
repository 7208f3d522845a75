import type { Services } from '../../services/container.ts';
import type { HandlerGroup } from '../router.ts';

export function vaultHandlers(s: Services): HandlerGroup<'vault:status' | 'vault:setPassphrase' | 'vault:unlock'> {
  return {
    'vault:status': () => s.vault.status(),
    'vault:setPassphrase': async (req) => {
      const status = await s.vault.setPassphrase(req.passphrase, req.currentPassphrase);
      s.events.emit('profiles:changed', { activeId: await s.profiles.activeId() });
      return status;
    },
    'vault:unlock': async (req) => {
      const status = await s.vault.unlock(req.passphrase);
      s.events.emit('profiles:changed', { activeId: await s.profiles.activeId() });
      return status;
    },
  };
}
