import { tensor } from '@deltagrad/core';
import { Adam, fit, Linear, Module, Parameter, xor } from '@deltagrad/nn';

class Net extends Module {
  hidden = new Linear(2, 8);
  out = new Linear(8, 1);
  temperature = new Parameter(tensor([[1]]));
  forward(x) {
    return this.out.forward(this.hidden.forward(x).tanh()).mul(this.temperature.value).sigmoid();
  }
}
const net = new Net();
console.log(net.namedParameters().map(([name]) => name));
// [ 'temperature', 'hidden.W', 'hidden.b', 'out.W', 'out.b' ]
fit(net, xor(), { loss: 'halfSSE', optimizer: new Adam(net, { lr: 0.05 }), epochs: 500 });
