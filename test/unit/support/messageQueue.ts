/** Collects posted messages so a test can await them one at a time, in order. */
export class MessageQueue<T> {
  private readonly queued: T[] = [];
  private readonly waiting: ((message: T) => void)[] = [];

  readonly push = (message: T): void => {
    const waiter = this.waiting.shift();
    if (waiter) waiter(message);
    else this.queued.push(message);
  };

  next(): Promise<T> {
    const message = this.queued.shift();
    if (message !== undefined) return Promise.resolve(message);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
