import { describe, expect, it } from 'vitest';
import { hostAllowed, mockAnswers } from './http-match.js';

describe('hostAllowed (Extism JS SDK matching)', () => {
  it('matches a name exactly or as a minimatch glob over the host name', () => {
    expect(hostAllowed(['api.example.com'], 'api.example.com')).toBe(true);
    expect(hostAllowed(['api.example.com'], 'www.example.com')).toBe(false);
    expect(hostAllowed(['*.example.com'], 'a.example.com')).toBe(true);
    // minimatch's * does not stop at dots: the SDK lets deeper subdomains through, and not the apex.
    expect(hostAllowed(['*.example.com'], 'a.b.example.com')).toBe(true);
    expect(hostAllowed(['*.example.com'], 'example.com')).toBe(false);
    expect(hostAllowed([], 'example.com')).toBe(false);
    expect(hostAllowed(['*'], 'anything.test')).toBe(true);
  });
});

describe('mockAnswers', () => {
  const at = (url: string) => [url, new URL(url)] as const;
  it('takes the method and an exact URL (as written or normalised) or a glob over it', () => {
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/x?q=1' }, 'GET', ...at('https://a.test/x?q=1'))).toBe(true);
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/x' }, 'POST', ...at('https://a.test/x'))).toBe(false);
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/' }, 'GET', ...at('https://A.test'))).toBe(true);
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/v1/*' }, 'GET', ...at('https://a.test/v1/users'))).toBe(true);
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/v1/*' }, 'GET', ...at('https://a.test/v1/users/7'))).toBe(false);
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/v1/**' }, 'GET', ...at('https://a.test/v1/users/7'))).toBe(true);
    expect(mockAnswers({ method: 'GET', url: 'https://a.test/*' }, 'GET', ...at('https://a.test/.well-known'))).toBe(true);
  });
});
