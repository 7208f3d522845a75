import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAppUrl, resolveAppFile } from './app-protocol.ts';
import { ELECTRON_CSP } from './content-security-policy.ts';
import { externalLinkTarget, isTrustedSender } from './navigation-policy.ts';

describe('app:// URLs', () => {
  it('accepts only our scheme and host', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://bench/assets/x.js')).toBe(true);
    for (const url of ['app://other/index.html', 'file:///index.html', 'https://bench/index.html', 'app://user:pw@bench/', 'not a url', '']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('maps requests to files inside the renderer folder only', () => {
    expect(resolveAppFile('app://bench/', '/r')).toBe('/r/index.html');
    expect(resolveAppFile('app://bench/assets/a.js', '/r')).toBe('/r/assets/a.js');
    // The URL parser folds plain ../ into the root; encoded forms survive parsing and must be caught here.
    for (const url of ['app://bench/../etc/passwd', 'app://bench/%2e%2e/etc/passwd']) {
      expect(resolveAppFile(url, '/r')).toBe('/r/etc/passwd');
    }
    for (const url of ['app://bench/assets/..%2f..%2fsecret', 'app://bench/..%5c..%5csecret', 'app://bench/%00', 'app://bench/%E0%A4%A', 'app://evil/index.html']) {
      const file = resolveAppFile(url, '/r');
      expect(file === null || file.startsWith('/r/')).toBe(true);
    }
    expect(resolveAppFile('app://bench/assets/..%2f..%2fsecret', '/r')).toBeNull();
    expect(resolveAppFile('app://bench/%00', '/r')).toBeNull();
    expect(resolveAppFile('app://evil/index.html', '/r')).toBeNull();
  });
});

describe('external links', () => {
  it('open https links only, never with credentials', () => {
    expect(externalLinkTarget('https://learn.microsoft.com/azure/iot-dps/')).toBe('https://learn.microsoft.com/azure/iot-dps/');
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://u:p@example.com', 'app://bench/']) {
      expect(externalLinkTarget(url)).toBeNull();
    }
  });
});

describe('IPC sender check', () => {
  const trustedIds = new Set([7]);
  it('trusts only our window’s top frame on our own page', () => {
    expect(isTrustedSender({ frameUrl: APP_INDEX_URL, isMainFrame: true, senderId: 7, trustedIds })).toBe(true);
    expect(isTrustedSender({ frameUrl: APP_INDEX_URL, isMainFrame: false, senderId: 7, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: APP_INDEX_URL, isMainFrame: true, senderId: 8, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', isMainFrame: true, senderId: 7, trustedIds })).toBe(false);
    expect(isTrustedSender({ frameUrl: null, isMainFrame: true, senderId: 7, trustedIds })).toBe(false);
  });
});

describe('window CSP', () => {
  it('allows no network, no plugins, no framing', () => {
    const directives = new Map(ELECTRON_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|\*/);
  });
});
