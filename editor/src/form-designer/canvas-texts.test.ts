import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { canvasTexts } from './canvas-texts';

describe('canvas texts', () => {
  it('fill the same words as i18next would, in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const i18n = createI18n(lang);
      const texts = canvasTexts(i18n.t);
      expect(texts.dragHandle('Phone')).toBe(i18n.t('canvas.dragHandle', { label: 'Phone' }));
      expect(texts.remove('Phone')).toBe(i18n.t('canvas.remove', { label: 'Phone' }));
      expect(texts.lockedBy('Policy P')).toBe(i18n.t('locks.lockedBy', { policy: 'Policy P' }));
      expect(texts.typeName['multi-select']).toBe(i18n.t('fieldTypes.multi-select'));
    }
  });
});
