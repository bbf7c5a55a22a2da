import { describe, expect, it } from 'vitest';
import * as snippet from '../index.ts';

describe('snippet barrel', () => {
  it('exports the public API', () => {
    expect(Object.keys(snippet).sort()).toEqual([
      'quotePosix',
      'requestToCurl',
      'requestToFetch',
      'snippetRequest',
      'toCurl',
      'toFetch',
    ]);
  });
});
