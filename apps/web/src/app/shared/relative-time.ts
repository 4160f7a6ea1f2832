const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
const full = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** "just now", "5 minutes ago", "yesterday"; a date once it is more than a month old. */
export const relativeTime = (iso: string, now = Date.now()): string => {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const seconds = Math.round((time - now) / 1000);
  const ago = Math.abs(seconds);
  if (ago < 60) return 'just now';
  if (ago >= 30 * 24 * 60 * 60) return absolute.format(time);
  const [unit, size] = UNITS.findLast(([, step]) => ago >= step) ?? ['minute', 60];
  return relative.format(Math.trunc(seconds / size), unit);
};

/** The exact date and time, for a tooltip next to a relative one. */
export const fullDateTime = (iso: string): string => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : full.format(time);
};
