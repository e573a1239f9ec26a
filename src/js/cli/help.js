// cli/help.js — the --help texts of the commands (names and columns from the
// C core's tables).
import { ACTIVATIONS, INITIALIZERS, LOSSES, OPTIMIZERS, DATASETS, LAYER_STATS, FEATURES, SCALINGS } from '../gradlab.js';

export const MAIN_HELP = `gradlab — activation functions and gradient flow in deep networks (C + WebAssembly)

Usage:
  gradlab reproduce [options]        the article's experiments over several seeds (markdown tables)
  gradlab train --config exp.json    run one experiment config, write its history (JSON or CSV);
                                     with --seeds, over several seeds: the bands over seeds
  gradlab export --config exp.json --framework pytorch|keras [--weights model.json | --train]
                                     the experiment as a runnable PyTorch or Keras script
  gradlab <command> --help           the options of a command

Options:
  -h, --help      this text
  -v, --version   the version
`;

export const REPRODUCE_HELP = `gradlab reproduce — the article set-up over N seeds

Data: two circles, 1000 points, noise 0.1, factor 0.8, scaled to [-1, 1]; the
first 500 train, the last 500 test. SGD lr 0.01, momentum 0.9, batch 32,
binary cross-entropy, sigmoid output. Seed s (1 … N) seeds the network's
initialisation and shuffling; the data is the same for every seed.

Prints, per model, the median (min–max) train and test accuracy beside the
published numbers, how many seeds' nets died (a hidden layer whose ReLU
units are all dead) and, per layer, the median gradMeanAbs at the chosen
epochs and the dead / saturated unit fractions at the end.

Options:
  --seeds N            seeds 1 … N (default 10)
  --epochs N           epochs per run (default 500)
  --models LIST        (not with --cures) comma-separated, of: MODELS_LIST (default: all)
  --grad-epochs LIST   epochs at which to report gradMeanAbs (default 1,100,500, those ≤ --epochs, and the last)
  --data-seed N        seed of the data set (default 1)
  --json FILE          also write every run's numbers as JSON to FILE (--cures: with each set-up's
                       spec, train options and summary); otherwise with the bands over seeds per
                       model: per epoch the median, q1, q3, min and max of the loss, the accuracy and,
                       per layer, gradMeanAbs
  --bands-csv FILE     write those bands as CSV to FILE, long format: model,epoch,layer,stat,value
                       (layer 'all' for loss_* and accuracy_*; 1 … L for gradMeanAbs_*)
  --cures              instead of the article's models, the cures' experiments (issue 14): each a
                       baseline and its cure (batch norm, residual blocks, clipping, warm-up, leaky
                       ReLU) and three cures that do not help; prints per set-up the test accuracy
                       median [min–max], the seeds reaching 0.75, the seeds that diverged (and the
                       epoch) and the median gradMeanAbs per layer at epoch 100 (docs/EXPERIMENT.md)
  --experiments LIST   with --cures: comma-separated, of: EXPERIMENTS_LIST (default: all)
  --csv FILE           with --cures: one row per run (accuracies, diverged epoch, gradient per layer)
  --torch FILE[,FILE]  with --cures: put the PyTorch figures of the files beside gradlab's (written by
                       /usr/bin/python3 tests/node/helpers/cures_torch.py --out FILE)
  --brief              with --cures: only a short table (set-up, test accuracy, seeds ≥ 0.75)
  -j, --jobs N         runs in parallel on N worker threads (default: the number of cores, here JOBS_DEFAULT);
                       the numbers are the same as with --jobs 1, bit for bit
  -q, --quiet          no progress on stderr
  -h, --help           this text
`;

export const TRAIN_HELP = `gradlab train — run an experiment config

Usage: gradlab train --config exp.json [--out history.json|history.csv] [--format json|csv]
       gradlab train --config exp.json --seeds N|LIST [--out bands.json|bands.csv] [--bands-csv FILE] [--jobs N]

The config (JSON):
  {
    "dataset": { "type": "circles", "n": 1000, "noise": 0.1, "factor": 0.8, "seed": 1,
                 "scale": true, "trainFraction": 0.5 },     // type: ${DATASETS.join(' ')} (+ "classes")
                 // or iris breastCancer digits: a bundled table (type, seed, trainFraction, std)
                 // std (tables, bundled or --data): ${SCALINGS.join(' ')} (default zscore), with the
                 // training rows' statistics
                 // (+ "features": [${FEATURES.map((f) => `"${f}"`).join(', ')}]: the network's inputs, 2-D sets only)
    "network": { "inputs": 2, "layers": [ { "units": 5, "activation": "relu", "init": "he_uniform" },
                                          { "units": 1, "activation": "sigmoid" } ],
                 "loss": "binary_crossentropy", "seed": 1 },
    "train":   { "epochs": 100, "batchSize": 32, "shuffle": true,
                 "optimizer": { "type": "sgd", "learningRate": 0.01, "momentum": 0.9 }, "l1": 0, "l2": 0 }
  }
The first trainFraction of the points train, the rest validate (trainFraction 1: no validation).

Output: JSON { config, epochs: [per-epoch stats], stopped, final: { train, test }, model } or
CSV with one row per epoch: epoch, loss, accuracy, valLoss, valAccuracy and, per layer l,
${LAYER_STATS.map((k) => `L<l>_${k}`).join(', ')}.

Names: activation ${ACTIVATIONS.join(' ')}
       init ${INITIALIZERS.join(' ')}
       loss ${LOSSES.join(' ')}; optimizer type ${OPTIMIZERS.join(' ')}

Options:
  --config FILE        the experiment (required)
  --out FILE           write the history to FILE (default: stdout)
  --format json|csv    default: from the --out extension, else json
  --stats basic|full   full: also the per-layer distributions, update ratios and unit arrays
                       (CSV: long format, one row per epoch × layer × quantity × statistic)
  --diagnose           print per layer what the statistics show and likely cures
                       (stdout with --out, else stderr)
  --data FILE          train on a CSV table instead of a generated set (lab.datasets.fromCSV:
                       numeric feature columns, the label last; a header is optional). Its rows
                       are shuffled (config.dataset.seed, default 1), split by
                       config.dataset.trainFraction (default 0.5) and standardised by
                       config.dataset.std (${SCALINGS.join(', ')}; default zscore) with the
                       training rows' statistics; network.inputs = the feature columns
  --seeds N|LIST       train the config once per network seed (network.seed replaced): N alone is
                       seeds 1 … N, a comma-separated list those seeds. Writes JSON { config, seeds,
                       runs: [{ seed, epochs, stopped, final }], bands } (bands: seedBands, per epoch
                       the median, q1, q3, min and max over the seeds of the loss, accuracy, valLoss,
                       valAccuracy and, per layer, gradMeanAbs — as 'gradlab reproduce --json'), or with
                       --format csv the bands in reproduce's long CSV (model,epoch,layer,stat,value;
                       model = the config file's name)
  --bands-csv FILE     with --seeds: also write the bands as that CSV to FILE
  -j, --jobs N         with --seeds: seeds in parallel on N worker threads (default: the number of
                       cores); the numbers are the same as with --jobs 1, bit for bit
  -q, --quiet          no progress on stderr
  -h, --help           this text
`;

export const EXPORT_HELP = `gradlab export — an experiment as a runnable PyTorch or Keras script

Usage: gradlab export --config exp.json --framework pytorch|keras [--weights model.json | --train] [--out script.py]

The config is the one of 'gradlab train --config' (see 'gradlab train --help').
The script regenerates the data (numpy, the same generator and split), builds the
same layers, initialisers, loss and optimiser, trains for the config's epochs and
prints the test accuracy. With weights it also runs with --no-train (predict with
gradlab's weights: the same predictions within 1e-5) and --predict points.json.
With dataset.features the script computes those feature inputs from (x1, x2).
A bundled table (dataset.type iris, breastCancer, digits) is embedded whole: the
script shuffles, splits and standardises it (std) as 'gradlab train' does.

Options:
  --config FILE              the experiment (required)
  --framework pytorch|keras  the framework of the script (required)
  --weights FILE             embed these weights: a model JSON (the page's "Model as JSON")
                             or the output of 'gradlab train --out x.json'; its layers
                             must be the config's
  --train                    train with gradlab first (as 'gradlab train') and embed the result
                             (with --weights or --train the script also embeds the data set
                             as gradlab drew it, so --no-train reproduces gradlab's accuracy)
  --out FILE                 write the script to FILE (default: stdout)
  -q, --quiet                no progress on stderr
  -h, --help                 this text
`;
