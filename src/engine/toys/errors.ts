/** A toy-world description (a `toy:` source string, a preset override or a ToySpec) that cannot be used as given. */
export class ToyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToyConfigError';
  }
}
