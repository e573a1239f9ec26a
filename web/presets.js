// presets.js — the published experiments (two circles, SGD lr 0.01 momentum
// 0.9, batch 32, 500 epochs, sigmoid output with binary cross-entropy) as
// page states, each with what to look for.
import { defaultState, cloneState } from './state.js';

const hidden = (count, units, act) => Array.from({ length: count }, () => ({ units, act }));

function articleNet(layers, init, ia, ib, oinit, oia, oib) {
  return { layers, init, ia, ib, oinit, oia, oib, out: 'sigmoid_bce', opt: 'momentum', lr: 0.01, mom: 0.9, batch: 32, l2: 0 };
}

const tanhNet = (count) => articleNet(hidden(count, 5, 'tanh'), 'random_uniform', 0, 1, 'random_uniform', 0, 1);
const reluNet = (count) => articleNet(hidden(count, 5, 'relu'), 'he_uniform', 0, 1, 'glorot_uniform', 0, 1);

function articleState(a, b = null) {
  const st = defaultState();
  Object.assign(st, { ds: 'circles', n: 1000, noise: 0.1, factor: 0.8, split: 0.5, dseed: 1, seed: 1, epochs: 500 });
  st.a = a;
  if (b) { st.b = b; st.cmp = 1; } else { st.cmp = 0; }
  return st;
}

export const PRESETS = [
  {
    id: 'shallow-tanh',
    name: 'Shallow tanh (1 × 5)',
    state: () => articleState(tanhNet(1)),
    text: 'One hidden layer of five tanh units, every weight drawn from U(0, 1). ' +
      'The net is shallow, so the error signal reaches the hidden layer almost undamped: ' +
      'the two gradient lines stay within a small factor of each other and the surface ' +
      'bends into a ring. The published run ends near 0.82 test accuracy.',
  },
  {
    id: 'deep-tanh',
    name: 'Deep tanh (5 × 5), U(0, 1)',
    state: () => articleState(tanhNet(5)),
    text: 'Five tanh layers with all weights positive in U(0, 1): every unit sums five positive inputs ' +
      'and saturates near ±1, where tanh\u2032 is almost 0. Each layer multiplies the backward signal by ' +
      'these tiny derivatives, so the middle layers get gradients about 100× smaller than the output ' +
      'layer (watch the gap in the log-scale chart) and the net barely moves: accuracy stays near ' +
      'chance (the published run ends at 0.47 test accuracy). This is the vanishing gradient.',
  },
  {
    id: 'deep-relu',
    name: 'Deep ReLU (5 × 5), He',
    state: () => articleState(reluNet(5)),
    text: 'The same depth with ReLU and He-uniform initialisation (Glorot for the output). ReLU\u2032 is ' +
      'exactly 1 for active units, and He scaling keeps the signal\u2019s size from layer to layer, so ' +
      'all six gradient lines stay within about 10× of each other and the first layers learn as fast ' +
      'as the last. Test accuracy climbs past 0.8 (published: 0.84).',
  },
  {
    id: 'relu-15',
    name: '15-layer ReLU (15 × 5)',
    state: () => articleState(reluNet(15)),
    text: 'Fifteen ReLU layers of five units. The article showed one run that still learns, but with ' +
      'five units a layer most seeds lose every unit of some layer to the dying-ReLU problem: that ' +
      'layer outputs 0 for all inputs, every gradient below it is exactly 0 (the lines drop off the ' +
      'log chart) and accuracy stays at chance. Change the network seed to see both outcomes; in ' +
      'an independent 10-seed run 8 of 10 seeds died.',
  },
  {
    id: 'compare',
    name: 'Compare deep tanh | ReLU',
    state: () => articleState(tanhNet(5), reluNet(5)),
    text: 'Both deep nets side by side on the same data and seed. Left (A): tanh with U(0, 1) weights ' +
      '— saturated units, a wide spread between the output layer\u2019s gradient and the middle ' +
      'layers\u2019, a flat surface. Right (B): ReLU with He initialisation — gradient lines close ' +
      'together and a ring-shaped decision surface.',
  },
];

export function presetById(id) {
  return PRESETS.find((p) => p.id === id) || null;
}

export function presetState(id) {
  const p = presetById(id);
  if (!p) return null;
  const st = cloneState(p.state());
  st.preset = p.id;
  return st;
}
