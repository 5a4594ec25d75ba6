/** A one-line progress bar on a terminal, for scans and imports of hundreds of feeds. */
export function progressBar(
  stream: NodeJS.WritableStream,
): (done: number, total: number, label: string) => void {
  let last = 0;
  return (done, total, label) => {
    const now = Date.now();
    if (done < total && now - last < 80) return;
    last = now;
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`.slice(
      0,
      100,
    );
    stream.write(`\r\x1b[2K${text}${done >= total ? '\n' : ''}`);
  };
}
