import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error.ts';
import en from './en.json';
import { codeHeadline, detailText, errorText, fieldOrErrorText } from './error-text.ts';
import ja from './ja.json';

// A private instance: the console's own (i18n.ts) reads localStorage and window, which tests lack.
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, ja: { translation: ja } }, lng: 'ja', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const keyed = { path: 'dpsConnectionString', key: 'dpsPolicyReadOnly', params: { policy: 'enrollmentread' }, message: 'Policy "enrollmentread" can read enrollments but not create, change or delete them' };

describe('error text', () => {
  it('translates a keyed detail with its values', async () => {
    await i18n.changeLanguage('ja');
    expect(detailText(i18n, keyed)).toBe('ポリシー "enrollmentread" は登録を読み取れますが、作成・変更・削除はできません');
    await i18n.changeLanguage('en');
    expect(detailText(i18n, keyed)).toBe(keyed.message);
  });

  it('falls back to the English message when there is no key or no translation of it', async () => {
    await i18n.changeLanguage('ja');
    expect(detailText(i18n, { message: 'Something new' })).toBe('Something new');
    expect(detailText(i18n, { message: 'Something newer', key: 'noSuchKey' })).toBe('Something newer');
  });

  it('leads an untranslated request error with the localized headline of its code, except in English', async () => {
    const error = new ApiError({ code: 'not_found', message: 'No profile "x"' });
    await i18n.changeLanguage('ja');
    expect(codeHeadline(i18n, 'not_found')).toBe('見つかりません');
    expect(errorText(i18n, error)).toBe('見つかりません：No profile "x"');
    await i18n.changeLanguage('en');
    expect(errorText(i18n, error)).toBe('No profile "x"');
  });

  it('translates a keyed request error on its own', async () => {
    await i18n.changeLanguage('ja');
    expect(errorText(i18n, new ApiError({ code: 'validation', message: 'The hub h is already in this profile', key: 'hubDuplicate', params: { host: 'h' } }))).toBe('ハブ h はこのプロファイルに既にあります');
  });

  it('gives a form the message of its field, else the whole error', async () => {
    await i18n.changeLanguage('ja');
    const error = new ApiError({ code: 'validation', message: 'bad', details: [{ path: 'name', message: 'The hub h is already in this profile', key: 'hubDuplicate', params: { host: 'h' } }] });
    expect(fieldOrErrorText(i18n, error, 'name')).toBe('ハブ h はこのプロファイルに既にあります');
    expect(fieldOrErrorText(i18n, error, 'passphrase')).toBe('入力が正しくありません：bad');
  });
});
