import { Linear, manualSeed } from '@deltagrad/nn';

manualSeed(42);
const a = new Linear(2, 3);
const b = new Linear(2, 3); // different from a: fresh draws
manualSeed(42);
const c = new Linear(2, 3);
console.log(c.W.value.toArray().join() === a.W.value.toArray().join()); // true
console.log(b.W.value.toArray().join() === a.W.value.toArray().join()); // false
