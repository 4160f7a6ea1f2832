import { Injectable } from '@angular/core';

/**
 * Hands a Blob to the browser as a download. A plain link cannot send the bearer token, so the
 * file is fetched first and offered from an object URL, released right after.
 */
@Injectable({ providedIn: 'root' })
export class FileDownload {
  save(blob: Blob, filename: string): void {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The browser reads the URL after the click returns; give it time before releasing the Blob.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** The filename of a `Content-Disposition: attachment; filename="…"` header, if it names one. */
export const filenameOf = (disposition: string | null, fallback: string): string => {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  const name = match?.[1] ? decodeURIComponent(match[1]).replace(/[/\\]/g, '_') : '';
  return name || fallback;
};
