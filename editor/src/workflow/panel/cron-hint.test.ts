import { describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { CRON_HINT_KEYS, describeCron, WEEKDAY_KEYS } from './cron-hint';

describe('describeCron', () => {
  it('reads the common shapes', () => {
    expect(describeCron('* * * * *')).toEqual({ key: 'everyMinute', values: {} });
    expect(describeCron('*/15 * * * *')).toEqual({ key: 'everyNMinutes', values: { n: 15 } });
    expect(describeCron('5 * * * *')).toEqual({ key: 'hourlyAt', values: { minute: 5 } });
    expect(describeCron('30 8 * * *')).toEqual({ key: 'dailyAt', values: { time: '08:30' } });
    expect(describeCron('0 9 * * 1-5')).toEqual({ key: 'weekdaysAt', values: { time: '09:00' } });
    expect(describeCron('0 9 * * 1')).toEqual({ key: 'weeklyAt', values: { time: '09:00' }, days: [1] });
    expect(describeCron('0 18 * * 5,7')).toEqual({ key: 'weeklyAt', values: { time: '18:00' }, days: [0, 5] });
    expect(describeCron('0 0 1 * *')).toEqual({ key: 'monthlyAt', values: { time: '00:00', day: 1 } });
  });

  it('falls back to the fields for anything else, and says when there are not five', () => {
    expect(describeCron('0 9 1-7 * MON')).toEqual({ key: 'fields', values: { minute: '0', hour: '9', day: '1-7', month: '*', weekday: 'MON' } });
    expect(describeCron('0 25 * * *').key).toBe('fields');
    expect(describeCron('0 9 * *').key).toBe('invalid');
    expect(describeCron('').key).toBe('invalid');
  });

  it('has a text for every reading and weekday in both languages', () => {
    for (const lang of [en, zhCN]) {
      const cron = (lang as { activation: { cron: Record<string, unknown> & { weekday: Record<string, string> } } }).activation.cron;
      for (const key of CRON_HINT_KEYS) expect(typeof cron[key], key).toBe('string');
      for (const day of WEEKDAY_KEYS) expect(cron.weekday[day], day).toBeTruthy();
    }
  });
});

describe('nextFires: the preview of when a schedule fires', () => {
  it('gives the next weekday mornings in Shanghai time after a Friday noon (UTC instants)', async () => {
    const { nextFires } = await import('./CronHint');
    // Friday 2026-11-27 12:00 in Shanghai = 04:00 UTC.
    const next = nextFires('0 9 * * 1-5', 'Asia/Shanghai', new Date('2026-11-27T04:00:00Z'));
    expect('times' in next && next.times.map((d) => d.toISOString())).toEqual(['2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z', '2026-12-02T01:00:00.000Z']);
  });

  it('reads the same cron in another zone, and says why when there is nothing to show', async () => {
    const { nextFires } = await import('./CronHint');
    const next = nextFires('30 8 * * *', 'Europe/Berlin', new Date('2026-11-27T12:00:00Z'), 1);
    expect('times' in next && next.times[0]!.toISOString()).toBe('2026-11-28T07:30:00.000Z');
    expect(nextFires('0 9 31 2 *', 'Asia/Shanghai', new Date('2026-11-27T12:00:00Z'))).toEqual({ problem: 'neverFires' });
    expect(nextFires('0 9 * *', 'Asia/Shanghai', new Date())).toEqual({ problem: 'invalid' });
    expect(nextFires('0 9 * * *', 'Nowhere/Land', new Date())).toEqual({ problem: 'badZone' });
  });
});
