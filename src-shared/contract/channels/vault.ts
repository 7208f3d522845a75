import { z } from 'zod';
import { channel } from '../channel-spec.ts';

/** How secrets are kept. Never carries a secret, only where and whether they are stored. */
export const vaultStatusSchema = z.object({
  /** 'os' = OS secret store; 'passphrase' = encrypted with the operator's passphrase; 'session' = memory only, gone on restart. */
  mode: z.enum(['os', 'passphrase', 'session']),
  backend: z.string(),
  persistent: z.boolean(),
  /** A passphrase vault exists on disk but has not been unlocked in this session. */
  locked: z.boolean(),
  /** Why secrets are not persisted (or cannot be read), in words for the operator. */
  reason: z.string().nullable(),
  canSetPassphrase: z.boolean(),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

const passphrase = z.string().min(8, 'The passphrase needs at least 8 characters').max(1024);

export const vaultChannels = {
  'vault:status': channel(z.object({}).strict(), vaultStatusSchema),
  /** Changing an existing passphrase needs the current one: an unlocked session alone is not proof. */
  'vault:setPassphrase': channel(z.object({ passphrase, currentPassphrase: z.string().max(1024).optional() }).strict(), vaultStatusSchema),
  'vault:unlock': channel(z.object({ passphrase: z.string().min(1, 'Enter the passphrase').max(1024) }).strict(), vaultStatusSchema),
};
