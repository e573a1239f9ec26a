// cures-input.mjs — prints, as JSON, what cures_torch.py runs: the set-ups of
// `gradlab reproduce --cures` (src/js/cli/cures.js: spec, train options,
// training rows) and gradlab's two circles (data seed 1), so that the PyTorch
// script repeats neither. Argument: a comma-separated list of experiment ids
// (empty: all).
import { load } from '../../../dist/gradlab.js';
import { CURE_EXPERIMENTS, CURE_SETUPS, CURE_COMMON, ARTICLE_DATA, cureSpec, cureTrainOptions } from '../../../src/js/cli/cures.js';

const want = (process.argv[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const bad = want.filter((w) => !CURE_EXPERIMENTS.some((x) => x.id === w));
if (bad.length) {
  process.stderr.write(`cures-input: unknown experiment ${bad.join(', ')} (valid: ${CURE_EXPERIMENTS.map((x) => x.id).join(', ')})\n`);
  process.exit(2);
}
const lab = await load();
const { n, noise, factor, scale, trainFraction } = ARTICLE_DATA;
const data = lab.datasets.split(lab.datasets.circles({ n, noise, factor, seed: 1, scale }), trainFraction);
const setups = CURE_SETUPS.filter((s) => !want.length || want.includes(s.experiment)).map((s) => ({
  id: s.id, experiment: s.experiment, spec: cureSpec(s, 1), train: cureTrainOptions(s), trainRows: s.trainRows ?? data.train.y.length,
}));
process.stdout.write(JSON.stringify({
  gradEpoch: CURE_COMMON.gradEpoch, setups,
  data: { trainX: Array.from(data.train.X), trainY: Array.from(data.train.y), testX: Array.from(data.test.X), testY: Array.from(data.test.y) },
}));
