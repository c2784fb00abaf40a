// One AMT request per device at a time, and at most N devices at once across the fleet: firmware handles
// few concurrent sessions and a power action must not race a state read on the same PC. Work for one
// device queues behind the previous; the global bound is a counting semaphore with a FIFO queue.

export class DeviceGate {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;

  constructor(private readonly maxConcurrent: number) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
      throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  }

  /** Runs `work` once this device's earlier work is done and a global slot is free. */
  run<T>(deviceKey: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(deviceKey) ?? Promise.resolve();
    const result = previous.then(
      () => this.withSlot(work),
      () => this.withSlot(work),
    );
    const tail = result.catch(() => undefined);
    this.tails.set(deviceKey, tail);
    // Forget idle devices so a 10,000-client sweep leaves no map behind.
    void tail.then(() => {
      if (this.tails.get(deviceKey) === tail) this.tails.delete(deviceKey);
    });
    return result;
  }

  get activeCount(): number {
    return this.active;
  }

  private async withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
