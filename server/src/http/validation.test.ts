import { describe, expect, it } from 'vitest';
import { closeObjects } from './validation';

describe('closeObjects', () => {
  it('refuses unknown properties on every object schema with properties, unless it says otherwise', () => {
    const s = closeObjects({
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'string' } } }, open: { type: 'object', properties: {}, additionalProperties: true }, bag: { type: 'object' } },
    });
    expect(s).toMatchObject({ additionalProperties: false, properties: { a: { additionalProperties: false }, open: { additionalProperties: true } } });
    expect((s as { properties: { bag: object } }).properties.bag).toEqual({ type: 'object' });
  });
  it('leaves data keywords alone', () => {
    const s = closeObjects({ const: { type: 'object', properties: {} }, enum: [{ properties: {} }] });
    expect(s).toEqual({ const: { type: 'object', properties: {} }, enum: [{ properties: {} }] });
  });
});
