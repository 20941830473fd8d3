/**
 * A small seeded generator (mulberry32): reproducible draws for bootstraps and tests. A class,
 * so hot loops call one method shape however many generators exist.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** 32 uniform bits: a hot loop can split them into two 16-bit draws. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/** The same generator as a plain function. */
export function seededRandom(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}
