/** `Last-Event-ID` is a step run's seq; anything else (absent, forged) replays from the start. */
export function afterSeqOf(lastEventId: string | undefined): number {
  if (!lastEventId || !/^\d{1,15}$/.test(lastEventId.trim())) return 0;
  return Number(lastEventId.trim());
}
