import { batches, moons, standardize, trainTestSplit } from '@deltagrad/nn';

const { train, test } = trainTestSplit(moons({ n: 400, noise: 0.2, seed: 1 }), { testFraction: 0.25 });
const scaler = standardize(train.x); // statistics of the training rows only
const trainX = scaler.transform(train.x);
const testX = scaler.transform(test.x);
const loader = batches({ x: trainX, y: train.y }, { batchSize: 64, shuffle: true, seed: 2 });
console.log(loader.length, [...loader][0].x.shape, testX.shape); // 5 [ 64, 2 ] [ 100, 2 ]
