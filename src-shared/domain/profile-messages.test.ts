import { describe, expect, it } from 'vitest';
import { PROFILE_MESSAGE_KEYS, PROFILE_MESSAGES, profileDetail, profileMessage, profileMessageKeyOf, profileText } from './profile-messages.ts';

describe('profile messages', () => {
  it('renders the English text with its values', () => {
    expect(profileText(profileMessage('hubDuplicate', { host: 'h.azure-devices.net' }))).toBe('The hub h.azure-devices.net is already in this profile');
    expect(profileText(profileMessage('csPartNotNameValue', { part: 3 }))).toBe('Part 3 of the connection string is not Name=value (parts are separated by ";")');
  });
  it('leaves a placeholder without a value visible', () => {
    expect(profileText(profileMessage('hubDuplicate'))).toBe('The hub {{host}} is already in this profile');
  });
  it('makes a contract detail with key, values and English text', () => {
    expect(profileDetail('hubs.0.host', profileMessage('hubHostRequired'))).toEqual({ path: 'hubs.0.host', key: 'hubHostRequired', message: 'The IoT Hub host name is required' });
    expect(profileDetail('x', profileMessage('dpsPolicyReadOnly', { policy: 'p' })).params).toEqual({ policy: 'p' });
  });
  it('lists every key', () => {
    expect(PROFILE_MESSAGE_KEYS).toEqual(Object.keys(PROFILE_MESSAGES));
  });
});

describe('profileMessageKeyOf', () => {
  it('finds a key by its English text, only for texts without values', () => {
    expect(profileMessageKeyOf('The profile needs a name')).toBe('profileNameRequired');
    expect(profileMessageKeyOf('The hub {{host}} is already in this profile')).toBeUndefined();
    expect(profileMessageKeyOf('Something else')).toBeUndefined();
  });
});
