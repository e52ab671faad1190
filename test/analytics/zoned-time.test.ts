import { describe, expect, it } from 'vitest';
import { latestDue, nextDue, onDemandPeriod } from '../../src/analytics/summary-period.js';
import {
  addDays,
  instantOf,
  localDateOf,
  localTimeOf,
  startOfLocalDay,
  zoneOffsetMs,
} from '../../src/analytics/zoned-time.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zoned time', () => {
  it('finds 09:00 in Berlin on both sides of each daylight-saving change', () => {
    expect(iso(instantOf('2026-03-28', '09:00', 'Europe/Berlin'))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(instantOf('2026-03-29', '09:00', 'Europe/Berlin'))).toBe('2026-03-29T07:00:00.000Z');
    expect(iso(instantOf('2026-10-24', '09:00', 'Europe/Berlin'))).toBe('2026-10-24T07:00:00.000Z');
    expect(iso(instantOf('2026-10-25', '09:00', 'Europe/Berlin'))).toBe('2026-10-25T08:00:00.000Z');
    expect(iso(instantOf('2026-03-29', '09:00', 'Asia/Shanghai'))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('moves a skipped wall time forward by the gap and takes the first of a repeated one', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it reads as 03:30 CEST.
    expect(iso(instantOf('2026-03-29', '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(localTimeOf(instantOf('2026-03-29', '02:30', 'Europe/Berlin'), 'Europe/Berlin')).toBe('03:30');
    // 02:30 happens twice on 25 October 2026: first in CEST.
    expect(iso(instantOf('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(instantOf('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(instantOf('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('starts a day at midnight, or later where midnight is skipped', () => {
    expect(iso(startOfLocalDay('2026-03-29', 'Europe/Berlin'))).toBe('2026-03-28T23:00:00.000Z');
    const santiago = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(localDateOf(santiago, 'America/Santiago')).toBe('2026-09-06');
    expect(localTimeOf(santiago, 'America/Santiago')).toBe('01:00');
  });

  it('round-trips every day of 2026 in zones with odd offsets and rules', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Sydney',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'America/Santiago',
      'Pacific/Chatham',
      'UTC',
    ];
    for (const zone of zones) {
      for (let day = 0, date = '2026-01-01'; day < 365; day++, date = addDays(date, 1)) {
        const at = instantOf(date, '09:00', zone);
        expect(localDateOf(at, zone)).toBe(date);
        expect(localTimeOf(at, zone)).toBe('09:00');
        expect(at + zoneOffsetMs(at, zone)).toBe(Date.parse(`${date}T09:00:00Z`));
        const entry = { channel: 'slack:C1', at: '09:00', timezone: zone };
        expect(latestDue(entry, at)).toEqual({ date, at });
        expect(nextDue(entry, at - 1)).toEqual({ date, at });
        expect(nextDue(entry, at).date).toBe(addDays(date, 1));
        expect(latestDue(entry, at - 1).date).toBe(addDays(date, -1));
      }
    }
  });

  it('reads /summary periods in the given zone', () => {
    const now = Date.parse('2026-10-25T12:00:00Z'); // 13:00 CET, the 25-hour day
    const today = onDemandPeriod('today', now, 'Europe/Berlin');
    expect([iso(today.from), iso(today.to), today.date]).toEqual([
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-10-25',
    ]);
    const yesterday = onDemandPeriod('yesterday', now, 'Europe/Berlin');
    expect([iso(yesterday.from), iso(yesterday.to)]).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
    ]);
    const week = onDemandPeriod('week', now, 'Europe/Berlin');
    expect(iso(week.from)).toBe('2026-10-18T22:00:00.000Z');
  });
});
