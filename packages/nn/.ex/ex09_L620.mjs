import {
  Adam,
  fit,
  Linear,
  Module,
  parseState,
  restoreState,
  stringifyState,
  toStateJSON,
  xor,
} from '@deltagrad/nn';

class Net extends Module {
  hidden = new Linear(2, 8);
  out = new Linear(8, 1);
  forward(x) {
    return this.out.forward(this.hidden.forward(x).tanh()).sigmoid();
  }
}
const net = new Net();
const optimizer = new Adam(net, { lr: 0.05 });
fit(net, xor(), { loss: 'halfSSE', optimizer, epochs: 100 });
const text = stringifyState(toStateJSON(net, optimizer, { epochs: 100 }));

const again = new Net();
const { optimizer: resumed, metadata } = restoreState(again, parseState(text));
const same = again.stateDict()['out.W'].toArray().join() === net.stateDict()['out.W'].toArray().join();
console.log(metadata, same, resumed.type); // { epochs: 100 } true Adam
