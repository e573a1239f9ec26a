// network.js — the Network class of lab.network(spec): a C network in the
// wasm heap, trained, evaluated and read through copies of the caller's arrays.
import { LOSSES, OPTIMIZERS, INITIALIZERS, LAYER_STATS, EPOCH_HEAD, STATS_LEVELS, layerStatsAt, limits } from './tables.js';
import { distFloats, addLayerDist, addLayerHead, Retention } from './history.js';
import { GradlabError, status } from './errors.js';
import { describe, isPlainObject, toF32, checkFinite, checkKeys, optObject } from './check.js';
import { normalizeNetworkSpec, normalizeTrainOptions, scheduleSteps, TRAIN_KEYS } from './options.js';
import { checkWeights, modelFile, parseModel, layerShapes, weightFields } from './model.js';
import { isPlainLayer, layerOptFloats } from './layer-options.js';
import { LAYER_OPTS } from './tables.js';

const GL_ERR_DATA = status('GL_ERR_DATA');
const GL_ERR_DIVERGED = status('GL_ERR_DIVERGED');
const HEAD = EPOCH_HEAD.length;
const PER_LAYER = LAYER_STATS.length;
const LOSS = EPOCH_HEAD.indexOf('loss');
const ACCURACY = EPOCH_HEAD.indexOf('accuracy');

/** lab.network on the wasm `core` and its activation registry `acts` (activations.js). */
export function createNetworkFactory(core, acts) {
  const ex = core.ex;
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((ptr) => ex.gl_net_destroy(ptr)) : null;

  class Network {
    #ptr = 0;
    #spec;
    #shapes; // [{ fanIn, units }]
    #outputs;
    #epoch = 0;
    #optKey = null;
    #busy = false;
    #chunk = 0; // samples of one C chunk: batch norm's largest batch

    constructor(spec, where = 'network(spec)') {
      const s = normalizeNetworkSpec(spec, where);
      const nl = s.layers.length;
      const plain = s.layers.every(isPlainLayer);
      const { base, ptrs } = core.allocAll([1, nl, nl, nl, nl, nl, nl, nl, plain ? 1 : nl * LAYER_OPTS.length], 'the network spec', where);
      const [outP, unitsP, actsP, alphasP, initsP, aP, bP, biasP, optsP] = ptrs;
      try {
        const i32 = core.i32;
        const f32 = core.f32;
        s.layers.forEach((L, i) => {
          const info = acts.info(L.activation, 'activation', where);
          i32[(unitsP >>> 2) + i] = L.units;
          i32[(actsP >>> 2) + i] = info.id;
          f32[(alphasP >>> 2) + i] = L.alpha === undefined ? NaN : L.alpha;
          i32[(initsP >>> 2) + i] = INITIALIZERS.indexOf(L.init);
          const ip = L.initParams;
          f32[(aP >>> 2) + i] = ip ? (ip.min ?? ip.mean) : 0;
          f32[(bP >>> 2) + i] = ip ? (ip.max ?? ip.stddev) : 0;
          f32[(biasP >>> 2) + i] = L.biasInit;
          if (!plain) f32.set(layerOptFloats(L), (optsP >>> 2) + i * LAYER_OPTS.length);
        });
        i32[outP >>> 2] = 0;
        // a net without the layer options is made as before (the same C path)
        if (plain) {
          core.check(ex.gl_net_create(outP, s.inputs, nl, unitsP, actsP, alphasP, initsP, aP, bP, biasP,
            LOSSES.indexOf(s.loss), s.seed), where);
        } else {
          core.check(ex.gl_net_create_ex(outP, s.inputs, nl, unitsP, actsP, alphasP, initsP, aP, bP, biasP, optsP,
            LOSSES.indexOf(s.loss), s.seed), where);
        }
        this.#ptr = core.i32[outP >>> 2] >>> 0;
        if (!this.#ptr) throw new GradlabError(`${where}: gl_net_create returned no network`, 1);
      } finally {
        core.free(base);
      }
      registry?.register(this, this.#ptr, this);
      this.#spec = s;
      this.#shapes = layerShapes(s);
      this.#outputs = s.layers[nl - 1].units;
      this.#chunk = ex.gl_net_chunk_samples(this.#ptr);
    }

    #net(where) {
      if (!this.#ptr) throw new Error(`${where}: network was disposed`);
      return this.#ptr;
    }

    /** the normalised spec (defaults filled in) */
    get spec() { return structuredClone(this.#spec); }
    get inputs() { return this.#spec.inputs; }
    /** the feature inputs of 2-D points the inputs are (spec.features, a copy), or null: the data's own columns */
    get features() { return this.#spec.features ? [...this.#spec.features] : null; }
    get outputs() { return this.#outputs; }
    get layerCount() { return this.#shapes.length; }
    get paramCount() { return this.#shapes.reduce((s, l) => s + l.fanIn * l.units + l.units + (l.norm ? 2 * l.units : 0), 0); }
    /** number of epochs trained so far (across train() calls) */
    get epoch() { return this.#epoch; }
    get disposed() { return this.#ptr === 0; }

    // The address of each weight array of layer l (weightFields): in the
    // arena at basePtr (params or grads), the running statistics apart.
    #addresses(basePtr, net, l) {
      const sh = this.#shapes[l];
      const g = ex.gl_net_norm_offset(net, l);
      const r = (ex.gl_net_running(net) >>> 0) + ex.gl_net_running_offset(net, l) * 4;
      const at = {
        kernel: basePtr + ex.gl_net_kernel_offset(net, l) * 4,
        bias: basePtr + ex.gl_net_bias_offset(net, l) * 4,
        gamma: basePtr + g * 4,
        beta: basePtr + (g + sh.units) * 4,
        runningMean: r,
        runningVar: r + sh.units * 4,
      };
      return weightFields(sh).map(([name, len]) => [name, at[name], len]);
    }

    // grads: the gradients (no running statistics)
    #readArena(basePtr, net, grads = false) {
      return this.#shapes.map((sh, l) => Object.fromEntries(this.#addresses(basePtr, net, l)
        .filter(([name]) => !(grads && name.startsWith('running')))
        .map(([name, at, len]) => [name, core.getF32(at, len)])));
    }

    getWeights() {
      const net = this.#net('net.getWeights()');
      return this.#readArena(ex.gl_net_params(net) >>> 0, net);
    }

    // batch norm's limits on one batch of n samples (its statistics are the batch's)
    #batchNormFits(n, where, field) {
      const l = this.#shapes.findIndex((sh) => sh.norm === 'batch');
      if (l < 0) return;
      if (n < 2) throw new RangeError(`${where}: ${field} is ${n}: layers[${l}] has batch norm, which needs batches of at least 2 samples`);
      if (n > this.#chunk) throw new RangeError(`${where}: ${field} is ${n}: layers[${l}] has batch norm, which takes batches of at most ${this.#chunk} samples (one chunk of this network)`);
    }

    setWeights(weights) {
      const where = 'net.setWeights()';
      const net = this.#net(where);
      const checked = checkWeights(weights, this.#shapes, where, 'weights');
      const base = ex.gl_net_params(net) >>> 0;
      checked.forEach((w, l) => {
        for (const [name, at] of this.#addresses(base, net, l)) core.putF32(at, w[name]);
      });
    }

    // finite = false: the caller's C entry point checks (GL_ERR_DATA) and the
    // caller names the value with checkFinite only then (predict's hot path).
    #samples(X, where, name = 'X', finite = true) {
      const x = toF32(X, name, where);
      const d = this.#spec.inputs;
      if (x.length % d !== 0) throw new RangeError(`${where}: ${name} has ${x.length} values, not a multiple of the ${d} inputs (X is sample-major [n][${d}])`);
      const n = x.length / d;
      if (n > limits.maxSamples) throw new RangeError(`${where}: ${name} has ${n} samples, above the limit of ${limits.maxSamples}`);
      if (finite) checkFinite(x, name, where);
      return { x, n };
    }

    #targets(y, n, where, name = 'y') {
      const k = this.#outputs;
      const loss = this.#spec.loss;
      const t = toF32(y, name, where);
      if (loss === 'categorical_crossentropy' && t.length === n && k > 1) {
        const oh = new Float32Array(n * k); // class indices -> one-hot
        for (let i = 0; i < n; i++) {
          const c = t[i];
          if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`${where}: ${name}[${i}] is ${describe(c)}; class indices must be integers in 0 … ${k - 1}`);
          oh[i * k + c] = 1;
        }
        return oh;
      }
      if (t.length !== n * k) {
        const alt = loss === 'categorical_crossentropy' ? ` (class indices) or ${n * k} (one-hot [${n}][${k}])` : (k > 1 ? ` ([${n}][${k}])` : '');
        throw new RangeError(`${where}: ${name} has ${t.length} values; ${n} samples × ${k} outputs need ${loss === 'categorical_crossentropy' ? n : n * k}${alt}`);
      }
      checkFinite(t, name, where);
      if (loss !== 'mse') {
        for (let i = 0; i < t.length; i++) {
          if (t[i] < 0 || t[i] > 1) throw new RangeError(`${where}: ${name}[${i}] is ${t[i]}; targets of ${loss} must be in [0, 1]`);
        }
      }
      return t;
    }

    predict(X) {
      const where = 'net.predict()';
      const net = this.#net(where);
      const { x, n } = this.#samples(X, where, 'X', false);
      const k = this.#outputs;
      if (n === 0) return new Float32Array(0);
      if (n * k > limits.maxElements) throw new RangeError(`${where}: ${n} samples × ${k} outputs is above the limit of ${limits.maxElements} values`);
      const { base, ptrs } = core.allocAll([x.length, n * k], 'X and the predictions', where);
      try {
        core.putF32(ptrs[0], x);
        const st = ex.gl_net_predict(net, ptrs[0], n, ptrs[1]);
        if (st === GL_ERR_DATA) checkFinite(x, 'X', where); // throws, naming the value
        core.check(st, where);
        return core.getF32(ptrs[1], n * k);
      } finally {
        core.free(base);
      }
    }

    #withData(X, y, where, fn) {
      const net = this.#net(where);
      const { x, n } = this.#samples(X, where);
      if (n === 0) throw new RangeError(`${where}: X holds no samples`);
      const t = this.#targets(y, n, where);
      const { base, ptrs } = core.allocAll([x.length, t.length, 2], 'X and y', where);
      try {
        core.putF32(ptrs[0], x);
        core.putF32(ptrs[1], t);
        return fn(net, ptrs[0], ptrs[1], n, ptrs[2]);
      } finally {
        core.free(base);
      }
    }

    gradients(X, y) {
      const where = 'net.gradients()';
      return this.#withData(X, y, where, (net, xp, yp, n, lp) => {
        this.#batchNormFits(n, where, 'the number of samples');
        const d = this.#spec.inputs;
        const { base, ptrs } = core.allocAll([n * d], 'dL/dX', where);
        try {
          core.check(ex.gl_net_input_gradients(net, xp, yp, n, lp, ptrs[0]), where);
          const loss = core.f32[lp >>> 2];
          return { loss, grads: this.#readArena(ex.gl_net_grads(net) >>> 0, net, true), inputGrads: core.getF32(ptrs[0], n * d) };
        } finally {
          core.free(base);
        }
      });
    }

    evaluate(X, y) {
      const where = 'net.evaluate()';
      return this.#withData(X, y, where, (net, xp, yp, n, lp) => {
        core.check(ex.gl_net_evaluate(net, xp, yp, n, lp, lp + 4), where);
        return { loss: core.f32[lp >>> 2], accuracy: core.f32[(lp >>> 2) + 1] };
      });
    }

    train(X, y, options) {
      const where = 'net.train()';
      const net = this.#net(where);
      if (this.#busy) throw new Error(`${where}: this network is already training (train() called from onEpoch?)`);
      const o = optObject(options, `${where}: options`);
      checkKeys(o, [...TRAIN_KEYS, 'validation', 'onEpoch', 'stats'], `${where}: options`);
      const level = o.stats === undefined ? STATS_LEVELS[0] : o.stats;
      if (!STATS_LEVELS.includes(level)) throw new RangeError(`${where}: options.stats must be ${STATS_LEVELS.map((x) => `'${x}'`).join(' or ')}, got ${describe(o.stats)}`);
      const full = level === 'full';
      const { epochs, batchSize, shuffle, optimizer: opt, l1, l2, weightDecay, clip, schedule } = normalizeTrainOptions(o, where, `${where}: options.optimizer`);
      if (o.onEpoch !== undefined && typeof o.onEpoch !== 'function') throw new TypeError(`${where}: onEpoch must be a function, got ${describe(o.onEpoch)}`);
      // X and validation.X (the big arrays) are checked for finite values in
      // wasm once they are copied, before anything changes (below)
      const { x, n } = this.#samples(X, where, 'X', false);
      if (n === 0) throw new RangeError(`${where}: X holds no samples`);
      const t = this.#targets(y, n, where);
      let val = null;
      if (o.validation !== undefined && o.validation !== null) {
        const vw = `${where}: options.validation`;
        if (!isPlainObject(o.validation)) throw new TypeError(`${vw} must be { X, y }, got ${describe(o.validation)}`);
        checkKeys(o.validation, ['X', 'y'], vw);
        const v = this.#samples(o.validation.X, where, 'validation.X', false);
        if (v.n === 0) throw new RangeError(`${where}: validation.X holds no samples`);
        val = { x: v.x, n: v.n, t: this.#targets(o.validation.y, v.n, where, 'validation.y') };
      }
      const bsN = Math.min(batchSize, n);
      this.#batchNormFits(bsN, where, 'batchSize');
      if (n > bsN && n % bsN === 1) this.#batchNormFits(1, where, `the last batch (${n} samples in batches of ${bsN})`);
      const nl = this.#shapes.length;
      const history = { epochs: [], stopped: null };
      const keep = new Retention(history);
      if (epochs === 0) { // nothing is copied to wasm: check here (bad data is an error whatever epochs says)
        checkFinite(x, 'X', where);
        if (val) checkFinite(val.x, 'validation.X', where);
        return history;
      }

      // the schedule in steps of this call (the step count goes on across calls with the same options)
      const sched = scheduleSteps(schedule, epochs, Math.ceil(n / Math.min(batchSize, n)));
      const key = JSON.stringify([opt, l1, l2, weightDecay, clip ?? null, sched]);
      const units = this.#shapes.map((sh) => sh.units);
      const nd = full ? distFloats(units) : 0;
      const distOffsets = units.map((u, l) => distFloats(units.slice(0, l)));
      if (full && nd !== ex.gl_net_dist_floats(net)) throw new GradlabError(`${where}: gradlab.wasm's distribution layout differs from tables.js (rebuild)`, 1);
      const sizes = [x.length, t.length, HEAD + nl * PER_LAYER, 2, nd];
      if (val) sizes.push(val.x.length, val.t.length);
      const { base, ptrs } = core.allocAll(sizes, 'the training data', where);
      const [xp, yp, sp, lp, dp, vxp, vyp] = ptrs;
      this.#busy = true;
      try {
        core.putF32(xp, x);
        core.putF32(yp, t);
        if (val) { core.putF32(vxp, val.x); core.putF32(vyp, val.t); }
        if (!ex.gl_all_finite(xp, x.length)) checkFinite(x, 'X', where); // throws, naming the value
        if (val && !ex.gl_all_finite(vxp, val.x.length)) checkFinite(val.x, 'validation.X', where);
        if (key !== this.#optKey) { // after the checks: bad data changes nothing
          core.check(ex.gl_net_set_optimizer(net, OPTIMIZERS.indexOf(opt.type), opt.learningRate,
            opt.momentum ?? 0, opt.nesterov ? 1 : 0, opt.beta1 ?? 0, opt.type === 'rmsprop' ? opt.rho : (opt.beta2 ?? 0),
            opt.epsilon ?? 0, l1, l2), `${where}: optimizer`);
          core.check(ex.gl_net_set_step_options(net, clip?.norm ?? 0, clip?.value ?? 0, weightDecay), `${where}: clip / weightDecay`);
          core.check(ex.gl_net_set_schedule(net, sched.type, sched.warmup, sched.period, sched.gamma, sched.minLr), `${where}: schedule`);
          this.#optKey = key;
        }
        for (let e = 0; e < epochs; e++) {
          if (!this.#ptr) break; // disposed from onEpoch
          const bs = Math.min(batchSize, n);
          // the distributions are measured where someone can read them: every
          // epoch for onEpoch, else the epochs the history keeps them for
          const probe = full && (o.onEpoch !== undefined || e === epochs - 1 || keep.wantsDist());
          const status = full ? ex.gl_net_train_epoch_full(net, xp, yp, n, bs, shuffle ? 1 : 0, sp, dp, probe ? 1 : 0)
            : ex.gl_net_train_epoch(net, xp, yp, n, bs, shuffle ? 1 : 0, sp);
          if (status === GL_ERR_DIVERGED) {
            history.stopped = {
              epoch: this.#epoch + 1,
              reason: 'diverged',
              message: `training diverged in epoch ${this.#epoch + 1}: ${core.message(status)}; the weights are those before the failing update (lower the learning rate?)`,
            };
            break;
          }
          core.check(status, `${where}: epoch ${this.#epoch + 1}`);
          const s = core.getF32(sp, HEAD + nl * PER_LAYER);
          let valLoss = null;
          let valAccuracy = null;
          if (val) {
            core.check(ex.gl_net_evaluate(net, vxp, vyp, val.n, lp, lp + 4), `${where}: validation`);
            valLoss = core.f32[lp >>> 2];
            valAccuracy = core.f32[(lp >>> 2) + 1];
          }
          this.#epoch++;
          const layers = new Array(nl);
          for (let l = 0, o = HEAD; l < nl; l++, o += PER_LAYER) layers[l] = layerStatsAt(s, o);
          if (probe) {
            const d = core.getF32(dp, nd);
            for (let l = 0; l < nl; l++) addLayerDist(layers[l], d, distOffsets[l], units[l]);
          } else if (full) {
            const f32 = core.f32;
            for (let l = 0; l < nl; l++) addLayerHead(layers[l], f32, (dp >>> 2) + distOffsets[l]);
          }
          const stats = { epoch: this.#epoch, loss: s[LOSS], accuracy: s[ACCURACY], valLoss, valAccuracy, layers };
          keep.push(stats, probe);
          if (o.onEpoch && o.onEpoch(stats) === false) break;
        }
      } finally {
        this.#busy = false;
        core.free(base);
      }
      return history;
    }

    toJSON() {
      const where = 'net.toJSON()';
      this.#net(where);
      return modelFile(this.#spec, this.getWeights());
    }

    dispose() {
      if (!this.#ptr) return;
      registry?.unregister(this);
      ex.gl_net_destroy(this.#ptr);
      this.#ptr = 0;
    }
  }

  const network = (spec) => new Network(spec);
  network.fromJSON = (json) => {
    const where = 'network.fromJSON()';
    const { spec, weights } = parseModel(json, where);
    const net = new Network(spec, where);
    try {
      net.setWeights(weights);
    } catch (e) {
      net.dispose();
      throw e;
    }
    return net;
  };
  return network;
}
