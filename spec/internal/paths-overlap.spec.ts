import { describe, expect, it } from 'vitest';
import { pathsOverlap } from '../../src/internal/paths-overlap.js';

describe('pathsOverlap', () => {
  it('is true for the same folder and for one inside the other, false for siblings and look-alike names', () => {
    expect(pathsOverlap('/a/b', '/a/b')).toBe(true);
    expect(pathsOverlap('/a/b/c', '/a/b')).toBe(true);
    expect(pathsOverlap('/a', '/a/b/c')).toBe(true);
    expect(pathsOverlap('/a/b', '/a/c')).toBe(false);
    expect(pathsOverlap('/a/b', '/a/bc')).toBe(false);
    expect(pathsOverlap('/a/..b', '/a')).toBe(true);
  });
});
