/** Saves `text` as a file through a Blob URL and an `<a download>` click (no `downloads` permission). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has read the blob once the click's task is done; revoke on a later task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `avvance-2025-01-02T03-04-05.har` for the local time `at`. */
export function harFileName(at = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `avvance-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}-${pad(at.getMinutes())}-${pad(at.getSeconds())}.har`;
}
