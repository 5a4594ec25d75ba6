/**
 * Heavy work after an acknowledgement waits its turn. Slack gives an ack three seconds; in a burst of
 * commands, running each command's work (an agenda build) straight after its own ack would make every
 * later request of the burst wait behind it. So the work waits until requests stop arriving for a moment
 * (`QUIET_MS`, but never longer than `MAX_WAIT_MS`), and then runs one piece per turn of the event loop,
 * so a request that arrives meanwhile is read and acknowledged before the next piece starts.
 */
const QUIET_MS = 50;
const MAX_WAIT_MS = 2000;

const waiting: { resolve: () => void; since: number }[] = [];
let pumping = false;
let lastArrival = 0;

/** Called by the HTTP route as each Slack request arrives, before anything else is done with it. */
export function requestArrived(): void {
  lastArrival = performance.now();
}

function pump(): void {
  const now = performance.now();
  const first = waiting[0];
  if (!first) {
    pumping = false;
    return;
  }
  const quietFor = now - lastArrival;
  if (quietFor < QUIET_MS && now - first.since < MAX_WAIT_MS) {
    setTimeout(pump, QUIET_MS - quietFor);
    return;
  }
  waiting.shift()!.resolve();
  // Scheduled from here, the next piece comes after the next poll for I/O.
  setImmediate(pump);
}

/** Resolves once requests already arriving have been acknowledged; one waiter per turn of the event loop. */
export function afterPendingAcks(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push({ resolve, since: performance.now() });
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}
