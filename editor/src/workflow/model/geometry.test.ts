import { describe, expect, it } from 'vitest';
import { besideOthers } from './geometry';

describe('besideOthers: where a step added from the keyboard goes', () => {
  it('keeps the spot when nothing is there', () => {
    expect(besideOthers({ x: 100, y: 40 }, [{ x: 400, y: 40 }])).toEqual({ x: 100, y: 40 });
  });

  it('cascades down and right past every step already near the spot', () => {
    const taken = [{ x: 100, y: 40 }, { x: 132, y: 72 }, { x: 170, y: 100 }];
    expect(besideOthers({ x: 100, y: 40 }, taken)).toEqual({ x: 196, y: 136 });
  });

  it('three steps added one after another land in three places', () => {
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 3; i++) placed.push(besideOthers({ x: 0, y: 0 }, placed));
    expect(placed).toEqual([{ x: 0, y: 0 }, { x: 32, y: 32 }, { x: 64, y: 64 }]);
  });
});
