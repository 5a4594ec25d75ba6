/**
 * Heavy work after an acknowledgement waits its turn. Slack gives an ack three seconds; in a burst of
 * commands, running each command's work (an agenda build) straight after its own ack would make every
 * later request of the burst wait behind it. So the work waits until every request received has been
 * answered and none has arrived for a moment (`QUIET_MS`; never longer than `MAX_WAIT_MS` in all), and
 * then runs one piece per turn of the event loop, so a request that arrives meanwhile is read and
 * acknowledged before the next piece starts.
 */
const QUIET_MS = 50;
const MAX_WAIT_MS = 2000;

const waiting: { resolve: () => void; since: number }[] = [];
let pumping = false;
let lastArrival = 0;
let unanswered = 0;

/**
 * Called by the HTTP route as each Slack request arrives, before anything else is done with it; the
 * function it returns is called once the request has been answered (or its connection has gone).
 */
export function requestArrived(): () => void {
  lastArrival = performance.now();
  unanswered++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    unanswered--;
  };
}

function pump(): void {
  const now = performance.now();
  const first = waiting[0];
  if (!first) {
    pumping = false;
    return;
  }
  const quietFor = now - lastArrival;
  if ((unanswered > 0 || quietFor < QUIET_MS) && now - first.since < MAX_WAIT_MS) {
    setTimeout(pump, Math.max(1, QUIET_MS - quietFor));
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
