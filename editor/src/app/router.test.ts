import { describe, expect, it } from 'vitest';
import { matchRoute } from './router';

const routes = [
  { name: 'home', path: '/' },
  { name: 'definition', path: '/definitions/:id' },
  { name: 'records', path: '/records' },
];

describe('matchRoute', () => {
  it('matches static and parameterised paths', () => {
    expect(matchRoute(routes, '/')?.name).toBe('home');
    expect(matchRoute(routes, '/definitions/a%20b')).toMatchObject({ name: 'definition', params: { id: 'a b' } });
    expect(matchRoute(routes, '/records/')?.name).toBe('records');
  });
  it('returns null for unknown paths', () => {
    expect(matchRoute(routes, '/nope')).toBeNull();
    expect(matchRoute(routes, '/definitions')).toBeNull();
  });
});
