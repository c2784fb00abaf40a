// Hands a CSV main produced to the browser's download (Electron: its save dialog), as a Blob URL that is
// revoked right after: the page reads no files and writes none itself.
import type { CsvExport } from '../../shared/ipc';

/** A byte-order mark so Excel on Windows reads the UTF-8 host names and reasons right. */
const UTF8_BOM = '\uFEFF';

export function saveCsvFile(file: CsvExport): void {
  const url = URL.createObjectURL(new Blob([UTF8_BOM, file.csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has the bytes once click() returns in Chromium; a timer keeps it safe elsewhere.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
