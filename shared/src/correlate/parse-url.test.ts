import { describe, expect, it } from 'vitest';
import { parseUrl, UrlCache } from './parse-url.ts';

describe('parseUrl / UrlCache', () => {
  it('returns the path and query parameters, or null for what URL cannot parse', () => {
    expect(parseUrl('https://h/a/b?x=1&y=%20z&x=2')).toEqual({
      pathname: '/a/b',
      params: [
        ['x', '1'],
        ['y', ' z'],
        ['x', '2'],
      ],
    });
    expect(parseUrl('/relative')).toBeNull();
    expect(parseUrl('not a url')).toBeNull();
  });

  it('answers like parseUrl before and after it fills up and starts over', () => {
    const cache = new UrlCache();
    const urls = Array.from({ length: 600 }, (_, i) => `https://h/p/${i % 300}?i=${i % 300}`);
    for (const url of [...urls, 'nope', 'nope']) expect(cache.parse(url)).toEqual(parseUrl(url));
    const first = cache.parse('https://h/same');
    expect(cache.parse('https://h/same')).toBe(first);
    cache.clear();
    expect(cache.parse('https://h/same')).not.toBe(first);
  });
});
