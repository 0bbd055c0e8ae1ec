import { readFileSync } from 'node:fs';

/** A 2-D array as nested rows, the way the fixture stores NumPy arrays. */
export type Rows = number[][];

/** One seed's run of the seed script, as fixtures/generate_seed_fixture.py records it. */
export interface SeedEntry {
  seed: number;
  lr: number;
  epochs: number;
  W1: Rows;
  W2: Rows;
  stdout: string;
  lines: string[];
  losses: number[];
  epoch0: Record<
    'z1' | 'a1' | 'z2' | 'a2' | 'd_a2' | 'd_z2' | 'dW2' | 'db2' | 'd_a1' | 'd_z1' | 'dW1' | 'db1',
    Rows
  > & {
    loss: number;
  };
  final: Record<'W1' | 'b1' | 'W2' | 'b2' | 'a2', Rows>;
}

/** The shape of fixtures/seed-xor.json. */
export interface SeedFixture {
  numpy: string;
  python: string;
  platform: string;
  seeds: SeedEntry[];
  format: {
    fixed4: [number, string][];
    round3: [Rows, string][];
    roundN: [number, Rows, string][];
  };
}

/** The fixture, parsed (floats are shortest round-trip reprs, so parsing is exact). */
export const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/seed-xor.json', import.meta.url), 'utf8'),
) as SeedFixture;

/** The fixture entry of `seed`. */
export function seedEntry(seed: number): SeedEntry {
  const entry = fixture.seeds.find((s) => s.seed === seed);
  if (entry === undefined) throw new Error(`no seed ${seed} in the fixture`);
  return entry;
}

/** max |a − b| over two equally shaped nested arrays (throws if the shapes differ). */
export function maxAbsDiff(a: Rows, b: Rows): number {
  if (a.length !== b.length) throw new Error(`row counts differ: ${a.length} vs ${b.length}`);
  let max = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    if (row.length !== other.length) throw new Error(`row ${i} lengths differ`);
    row.forEach((v, j) => {
      max = Math.max(max, Math.abs(v - other[j]!));
    });
  });
  return max;
}

/** max |a − b| / |b| over two equally long lists. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return max;
}
