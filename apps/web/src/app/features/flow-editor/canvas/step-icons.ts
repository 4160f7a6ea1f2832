/** 24×24 outline icon paths per step type, with a fallback per category (no icon font, no images). */
const BY_TYPE: Record<string, string> = {
  http: 'M3 12h18M12 3a15 15 0 0 1 0 18M12 3a15 15 0 0 0 0 18M12 3a9 9 0 1 1 0 18a9 9 0 0 1 0-18',
  transform: 'M4 7h11l-3-3M20 17H9l3 3',
  code: 'M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16',
  condition: 'M12 3l9 9-9 9-9-9z',
  switch: 'M4 12h6M10 12l4-6h6M10 12l4 6h6M10 12h10',
  forEach: 'M4 12a8 8 0 0 1 14-5.3M20 12a8 8 0 0 1-14 5.3M18 3v4h-4M6 21v-4h4',
  delay: 'M12 7v5l3 2M12 3a9 9 0 1 1 0 18a9 9 0 0 1 0-18',
  approval: 'M5 12l4 4 10-10M4 20h16',
  waitForEvent: 'M6 17V11a6 6 0 1 1 12 0v6l2 2H4zM10 21h4',
  subflow: 'M4 5h7v6H4zM13 13h7v6h-7zM7.5 11v4.5H13',
  respond: 'M20 12H6M10 6l-6 6 6 6',
  setVariable: 'M5 8h14M5 16h14M9 4L7 20M17 4l-2 16',
  fail: 'M12 3a9 9 0 1 1 0 18a9 9 0 0 1 0-18M9 9l6 6M15 9l-6 6',
};

const BY_CATEGORY: Record<string, string> = {
  core: 'M4 4h16v16H4z',
  flow: 'M5 6h14M5 12h14M5 18h14',
  data: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6',
  human: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  integration: 'M9 3v6M15 3v6M7 9h10v4a5 5 0 0 1-10 0zM12 18v3',
};

export const TRIGGER_ICON = 'M13 2L4 14h7l-1 8 9-12h-7z';

export const iconFor = (type: string, category: string): string =>
  BY_TYPE[type] ?? BY_CATEGORY[category] ?? BY_CATEGORY['core'] ?? '';
