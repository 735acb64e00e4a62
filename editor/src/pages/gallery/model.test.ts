import { describe, expect, it } from 'vitest';
import { CUSTOMER_REGISTRATION } from '@branchline/templates';
import { validateDefinition } from '@branchline/runtime';
import type { FormDefinition } from '@branchline/schemas';
import { fromDefinition, nextVersion, parseJson, problemsByConflict, resolutionsOf, usageByVersion } from './model';

describe('template versions from the gallery', () => {
  it('the next version keeps everything but the version, and takes a changelog only when written', () => {
    const v2 = nextVersion(CUSTOMER_REGISTRATION, 1, { 'zh-CN': '新增字段', en: 'New field' });
    expect(v2.version).toBe(2);
    expect(v2.changelog).toEqual({ 'zh-CN': '新增字段', en: 'New field' });
    expect(v2.locks).toEqual(CUSTOMER_REGISTRATION.locks);
    expect(nextVersion(v2, 2, { 'zh-CN': ' ', en: '' }).changelog).toBeUndefined();
    expect(CUSTOMER_REGISTRATION.version).toBe(1);
    expect(validateDefinition(v2)).toEqual([]);
  });

  it('a version from an edited definition takes the template key and keeps the locks', () => {
    const edited = structuredClone(CUSTOMER_REGISTRATION.definition) as FormDefinition;
    edited.key = 'my-copy';
    edited.fields.push({ key: 'wechat', type: 'text', label: { 'zh-CN': '微信', en: 'WeChat' } });
    const doc = fromDefinition(edited, { key: CUSTOMER_REGISTRATION.key, latest: 3, doc: CUSTOMER_REGISTRATION });
    expect(doc).toMatchObject({ key: 'customer-registration', version: 4, definition: { key: 'customer-registration' } });
    expect(doc.locks).toEqual(CUSTOMER_REGISTRATION.locks);
    expect(validateDefinition(doc)).toEqual([]);
    const fresh = fromDefinition(edited, { key: 'visit', title: { 'zh-CN': '拜访', en: 'Visit' } });
    expect(fresh).toMatchObject({ kind: 'template', key: 'visit', version: 1, locks: [], definition: { key: 'visit' } });
    expect(validateDefinition(fresh)).toEqual([]);
  });

  it('reads JSON or says why not', () => {
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson('{"a":')).toMatchObject({ ok: false });
  });
});

describe('upgrade resolutions', () => {
  it('are sent only when every conflict has a choice', () => {
    expect(resolutionsOf(2, { 0: 'mine' })).toBeNull();
    expect(resolutionsOf(2, { 0: 'mine', 1: 'aside' })).toEqual([
      { conflict: 0, choice: 'mine' },
      { conflict: 1, choice: 'aside' },
    ]);
    expect(resolutionsOf(0, {})).toEqual([]);
  });

  it('maps refusals at /resolutions/<i> back to the conflict', () => {
    const sent = [
      { conflict: 0, choice: 'hq' as const },
      { conflict: 1, choice: 'mine' as const },
    ];
    const map = problemsByConflict([{ pointer: '/resolutions/1' }, { pointer: '/resolutions' }], sent);
    expect(map.get(1)).toEqual([{ pointer: '/resolutions/1' }]);
    expect(map.get(-1)).toEqual([{ pointer: '/resolutions' }]);
  });

  it('counts instances per version, newest first', () => {
    expect(usageByVersion({ '1': 2, '2': 1 }, 2)).toEqual([
      { version: 2, count: 1, latest: true },
      { version: 1, count: 2, latest: false },
    ]);
  });
});
