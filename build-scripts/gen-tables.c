/*
 * gen-tables.c — prints the C core's tables (the .def files of src/, gradlab.h's lists) as
 * one JSON document, for build-scripts/gen-tables.mjs, which writes the JS
 * module src/js/tables.js and its types. Built and run natively by the
 * Makefile; links nothing but the tables (the C preprocessor reads them, so
 * the JS sees exactly what the compiler sees).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradlab.h"

static int first_;
static void sep(void) {
  if (!first_) fputs(",", stdout);
  first_ = 0;
}
static void open_(const char *key, const char *bracket) {
  printf("\n\"%s\": %s", key, bracket);
  first_ = 1;
}
/* a JSON number that parses to the same double */
static void number(double v) { printf("%.17g", v); }

static void param(const char *owner, const char *name, int type, double def, double min, double max, int flags) {
  sep();
  printf("\n  {\"owner\": \"%s\", \"name\": \"%s\", \"type\": %d, \"def\": ", owner, name, type);
  number(def);
  fputs(", \"min\": ", stdout);
  number(min);
  fputs(", \"max\": ", stdout);
  number(max);
  printf(", \"flags\": %d}", flags);
}

static const char *act_name(int id) {
  static const char *names[] = {
#define GL_ACTIVATION(id, name, ...) [id] = name,
#include "activations.def"
#undef GL_ACTIVATION
  };
  return names[id];
}
static const char *init_name(int id) {
  static const char *names[] = {
#define GL_INITIALIZER(id, name) [id] = name,
#include "initializers.def"
#undef GL_INITIALIZER
  };
  return names[id];
}
static const char *opt_name(int id) {
  static const char *names[] = {
#define GL_OPTIMIZER(id, name) [id] = name,
#include "optimizers.def"
#undef GL_OPTIMIZER
  };
  return names[id];
}
static const char *sched_name(int id) {
  static const char *names[] = {
#define GL_OPTIMIZER(id, name)
#define GL_SCHEDULE(id, name) [id] = name,
#include "optimizers.def"
#undef GL_SCHEDULE
#undef GL_OPTIMIZER
  };
  return id == GL_SCHED_ALL ? "*" : names[id];
}
static const char *data_name(int id) {
  static const char *names[] = {
#define GL_DATASET(id, name) [id] = name,
#include "datasets.def"
#undef GL_DATASET
  };
  return id == GL_DATA_ALL ? "*" : names[id];
}

static const char *norm_name(int id) {
  static const char *names[] = {
#define GL_NORM(id, name) [id] = name,
#include "layers.def"
#undef GL_NORM
  };
  return id == GL_NORM_ALL ? "*" : names[id];
}

#define NAME_(name) sep(), printf("\"%s\"", name);

int main(void) {
  fputs("{\"generatedFrom\": \"the .def tables of src/ and src/gradlab.h\",", stdout);

  open_("limits", "[");
#define GL_LIMIT(id, js, value, what) sep(), printf("\n  {\"id\": \"%s\", \"name\": \"%s\", \"value\": %lld, \"what\": \"%s\"}", #id, js, (long long)(value), what);
#include "limits.def"
#undef GL_LIMIT
  fputs("],", stdout);

  open_("status", "[");
#define GL_X_(id, code, msg) sep(), printf("\n  {\"id\": \"%s\", \"code\": %d, \"message\": \"%s\"}", #id, code, msg);
  GL_STATUS_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);

  open_("activations", "[");
#define GL_ACTIVATION(id, name, ...) NAME_(name)
#include "activations.def"
#undef GL_ACTIVATION
  fputs("],", stdout);
  open_("activationParams", "[");
#define GL_ACTIVATION(...)
#define GL_ACTIVATION_PARAM(id, name, def, min, max) param(act_name(id), name, GL_PARAM_NUM, def, min, max, 0);
#include "activations.def"
#undef GL_ACTIVATION_PARAM
#undef GL_ACTIVATION
  fputs("],", stdout);

  open_("initializers", "[");
#define GL_INITIALIZER(id, name) NAME_(name)
#include "initializers.def"
#undef GL_INITIALIZER
  fputs("],", stdout);
  open_("initParams", "[");
#define GL_INITIALIZER(id, name)
#define GL_INIT_PARAM(id, name, def, min, max) param(init_name(id), name, GL_PARAM_NUM, def, min, max, 0);
#include "initializers.def"
#undef GL_INIT_PARAM
#undef GL_INITIALIZER
  fputs("],", stdout);

  open_("initGain", "[");
#define GL_INITIALIZER(id, name)
#define GL_INIT_GAIN(name, def, min, max) param("*", name, GL_PARAM_NUM, def, min, max, 0);
#include "initializers.def"
#undef GL_INIT_GAIN
#undef GL_INITIALIZER
  fputs("],", stdout);

  open_("norms", "[");
#define GL_NORM(id, name) NAME_(name)
#include "layers.def"
#undef GL_NORM
  fputs("],", stdout);
  open_("normParams", "[");
#define GL_NORM_PARAM(id, name, type, def, min, max, flags) param(norm_name(id), name, type, def, min, max, flags);
#include "layers.def"
#undef GL_NORM_PARAM
  fputs("],", stdout);
  open_("layerParams", "[");
#define GL_LAYER_PARAM(name, type, def, min, max, flags) param("layer", name, type, def, min, max, flags);
#include "layers.def"
#undef GL_LAYER_PARAM
  fputs("],", stdout);
  open_("layerOpts", "[");
#define GL_X_(id, js) NAME_(js)
  GL_LAYER_OPT_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);

  open_("losses", "[");
#define GL_LOSS(id, name, output, min_outputs) sep(), printf("\n  {\"name\": \"%s\", \"output\": \"%s\", \"minOutputs\": %d}", name, output, min_outputs);
#include "losses.def"
#undef GL_LOSS
  fputs("],", stdout);

  open_("optimizers", "[");
#define GL_OPTIMIZER(id, name) NAME_(name)
#include "optimizers.def"
#undef GL_OPTIMIZER
  fputs("],", stdout);
  open_("optimizerParams", "[");
#define GL_OPTIMIZER(id, name)
#define GL_OPT_PARAM(id, name, type, def, min, max, flags) param(opt_name(id), name, type, def, min, max, flags);
#include "optimizers.def"
#undef GL_OPT_PARAM
#undef GL_OPTIMIZER
  fputs("],", stdout);
  open_("trainParams", "[");
#define GL_OPTIMIZER(id, name)
#define GL_TRAIN_PARAM(name, type, def, min, max, flags) param("train", name, type, def, min, max, flags);
#include "optimizers.def"
#undef GL_TRAIN_PARAM
#undef GL_OPTIMIZER
  fputs("],", stdout);

  open_("schedules", "[");
#define GL_OPTIMIZER(id, name)
#define GL_SCHEDULE(id, name) NAME_(name)
#include "optimizers.def"
#undef GL_SCHEDULE
#undef GL_OPTIMIZER
  fputs("],", stdout);
  open_("scheduleParams", "[");
#define GL_OPTIMIZER(id, name)
#define GL_SCHED_PARAM(id, name, type, def, min, max, flags) param(sched_name(id), name, type, def, min, max, flags);
#include "optimizers.def"
#undef GL_SCHED_PARAM
#undef GL_OPTIMIZER
  fputs("],", stdout);

  open_("datasets", "[");
#define GL_DATASET(id, name) NAME_(name)
#include "datasets.def"
#undef GL_DATASET
  fputs("],", stdout);
  open_("datasetValues", "[");
#define GL_DATASET(id, name)
#define GL_DATASET_VALUE(id, inputs) sep(), printf("\n  {\"name\": \"%s\", \"inputs\": %d}", data_name(id), (int)(inputs));
#include "datasets.def"
#undef GL_DATASET_VALUE
#undef GL_DATASET
  fputs("],", stdout);
  open_("datasetParams", "[");
#define GL_DATASET(id, name)
#define GL_DATASET_PARAM(id, name, type, def, min, max, flags) param(data_name(id), name, type, def, min, max, flags);
#include "datasets.def"
#undef GL_DATASET_PARAM
#undef GL_DATASET
  fputs("],", stdout);

  open_("layerStats", "[");
#define GL_X_(id, js) NAME_(js)
  GL_LAYER_STAT_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);
  open_("epochHead", "[");
#define GL_X_(id, js) NAME_(js)
  GL_EPOCH_HEAD_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);

  open_("statsLevels", "[");
#define GL_X_(id, js) NAME_(js)
  GL_STATS_LEVEL_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);
  open_("distQuantities", "[");
#define GL_X_(id, js, lo, hi) sep(), printf("\n  {\"name\": \"%s\", \"lo\": ", js), number(lo), fputs(", \"hi\": ", stdout), number(hi), fputs("}", stdout);
  GL_DIST_QUANTITY_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);
  open_("distPercentiles", "[");
#define GL_X_(id, percent) sep(), number(percent);
  GL_DIST_PERCENTILE_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);
  open_("distBins", "{");
#define GL_X_(id, js, value) sep(), printf("\"%s\": %d", js, (int)(value));
  GL_DIST_BIN_LIST(GL_X_)
#undef GL_X_
  fputs("},", stdout);
  open_("distFields", "[");
#define GL_X_(id, js) NAME_(js)
  GL_DIST_FIELD_LIST(GL_X_)
#undef GL_X_
  fputs("],", stdout);
  open_("distLayer", "[");
#define GL_X_(id, js) NAME_(js)
  GL_DIST_LAYER_LIST(GL_X_)
  fputs("],", stdout);
  open_("distUnitStats", "[");
  GL_DIST_UNIT_LIST(GL_X_)
#undef GL_X_
  fputs("]\n}\n", stdout);
  return 0;
}
