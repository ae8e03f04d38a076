/*
 * N-API entry points: argument checking and the thin wrappers around the kernels in kernels.c.
 * Every pointer comes from a Float32Array the caller owns; lengths are checked here before any
 * kernel runs, so a wrong geometry is a JavaScript exception, never an out-of-bounds write.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "kernels.h"
#include "host.h"
#include "optim.h"

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, #call " failed"); return NULL; } } while (0)
#define FAIL(msg) do { napi_throw_error(env, NULL, msg); return NULL; } while (0)

typedef struct { float *data; size_t length; } f32view;
typedef struct { int32_t *data; size_t length; } i32view;
typedef struct { double *data; size_t length; } f64view;

/*
 * Every entry point starts here: exactly `n` arguments into argv, else a JavaScript error
 * "<name>: expected <n> arguments" (and 0, so the caller returns NULL).
 */
static int get_args(napi_env env, napi_callback_info info, size_t n, napi_value *argv, const char *name) {
  size_t argc = n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) { napi_throw_error(env, NULL, "napi_get_cb_info failed"); return 0; }
  if (argc == n) return 1;
  char msg[96];
  snprintf(msg, sizeof msg, "%s: expected %zu argument%s", name, n, n == 1 ? "" : "s");
  napi_throw_error(env, NULL, msg);
  return 0;
}

#define ARGS(n, name) napi_value argv[n]; if (!get_args(env, info, n, argv, name)) return NULL

/* The data and element count of a typed array of element type `want`; null/undefined give NULL, 0 when allowed. */
static int get_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *length, int allow_null) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 0;
  if (allow_null && (t == napi_null || t == napi_undefined)) { *data = NULL; *length = 0; return 1; }
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type; napi_value ab; size_t off;
  return napi_get_typedarray_info(env, v, &type, length, data, &ab, &off) == napi_ok && type == want;
}

static int get_f32(napi_env env, napi_value v, f32view *out, int allow_null) {
  void *data;
  if (!get_typed(env, v, napi_float32_array, &data, &out->length, allow_null)) return 0;
  out->data = (float *)data;
  return 1;
}

static int get_i32(napi_env env, napi_value v, i32view *out, int allow_null) {
  void *data;
  if (!get_typed(env, v, napi_int32_array, &data, &out->length, allow_null)) return 0;
  out->data = (int32_t *)data;
  return 1;
}

static int get_f64(napi_env env, napi_value v, f64view *out) {
  void *data;
  if (!get_typed(env, v, napi_float64_array, &data, &out->length, 0)) return 0;
  out->data = (double *)data;
  return 1;
}

static int get_int(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

/* gemm(transA, transB, m, n, k, a, b, c, aOffsets|null, bOffsets|null, batches) */
static napi_value js_gemm(napi_env env, napi_callback_info info) {
  ARGS(11, "gemm");
  bool ta, tb; int64_t m, n, k, batches; f32view a, b, c; i32view ao, bo;
  if (napi_get_value_bool(env, argv[0], &ta) != napi_ok || napi_get_value_bool(env, argv[1], &tb) != napi_ok) FAIL("gemm: transposes must be booleans");
  if (!get_int(env, argv[2], &m) || !get_int(env, argv[3], &n) || !get_int(env, argv[4], &k) || !get_int(env, argv[10], &batches)) FAIL("gemm: sizes must be integers");
  if (!get_f32(env, argv[5], &a, 0) || !get_f32(env, argv[6], &b, 0) || !get_f32(env, argv[7], &c, 0)) FAIL("gemm: a, b, c must be Float32Arrays");
  if (!get_i32(env, argv[8], &ao, 1) || !get_i32(env, argv[9], &bo, 1)) FAIL("gemm: offsets must be Int32Arrays or null");
  if (m < 0 || n < 0 || k < 0 || batches < 1) FAIL("gemm: negative size");
  size_t asz = (size_t)(m * k), bsz = (size_t)(k * n), csz = (size_t)(m * n);
  if ((size_t)batches * csz > c.length) FAIL("gemm: c too short");
  if ((ao.data && ao.length < (size_t)batches) || (bo.data && bo.length < (size_t)batches)) FAIL("gemm: offsets too short");
  for (int64_t i = 0; i < batches; i++) {
    size_t oa = ao.data ? (size_t)ao.data[i] : (size_t)i * asz, ob = bo.data ? (size_t)bo.data[i] : (size_t)i * bsz;
    if ((ao.data && ao.data[i] < 0) || (bo.data && bo.data[i] < 0) || oa + asz > a.length || ob + bsz > b.length) FAIL("gemm: operand too short");
  }
  sk_gemm_batched(ta, tb, (int)m, (int)n, (int)k, a.data, b.data, c.data, ao.data, bo.data, (int)batches);
  return NULL;
}

/* epilogue(c, rows, cols, bias|null, biasMode, activation, alpha, prelu|null, preluMode) */
static napi_value js_epilogue(napi_env env, napi_callback_info info) {
  ARGS(9, "epilogue");
  f32view c, bias, prelu; int64_t rows, cols, bmode, act, pmode; double alpha;
  if (!get_f32(env, argv[0], &c, 0) || !get_f32(env, argv[3], &bias, 1) || !get_f32(env, argv[7], &prelu, 1)) FAIL("epilogue: bad arrays");
  if (!get_int(env, argv[1], &rows) || !get_int(env, argv[2], &cols) || !get_int(env, argv[4], &bmode) || !get_int(env, argv[5], &act) ||
      !get_int(env, argv[8], &pmode) || napi_get_value_double(env, argv[6], &alpha) != napi_ok) FAIL("epilogue: bad numbers");
  size_t total = (size_t)(rows * cols);
  if (rows < 0 || cols < 0 || total > c.length) FAIL("epilogue: c too short");
  size_t need[4] = {0, 1, (size_t)cols, total};
  if (bmode < 0 || bmode > 3 || pmode < 0 || pmode > 3 || act < 0 || act > SK_ACT_MAX) FAIL("epilogue: bad mode");
  if ((bmode && (!bias.data || bias.length < need[bmode])) || (pmode && (!prelu.data || prelu.length < need[pmode]))) FAIL("epilogue: bias or prelu weights too short");
  sk_epilogue(c.data, (size_t)rows, (size_t)cols, bias.data, (int)bmode, (int)act, (float)alpha, prelu.data, (int)pmode);
  return NULL;
}

static int get_geom(napi_env env, napi_value v, sk_geom *g) {
  i32view gv;
  if (!get_i32(env, v, &gv, 0) || gv.length < 15) return 0;
  const int32_t *p = gv.data;
  *g = (sk_geom){p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
  for (int i = 0; i < 15; i++) if (p[i] < 0) return 0;
  return g->sh > 0 && g->sw > 0 && g->dh > 0 && g->dw > 0;
}

/* Sizes of x (NHWC input), w (filter), y (NHWC output); depthwise filters are [fh, fw, inC, mult]. */
static void sizes(const sk_geom *g, int depthwise, size_t *x, size_t *w, size_t *y) {
  *x = (size_t)g->batch * g->in_h * g->in_w * g->in_c;
  *y = (size_t)g->batch * g->out_h * g->out_w * g->out_c;
  *w = depthwise ? (size_t)g->fh * g->fw * g->out_c : (size_t)g->fh * g->fw * g->in_c * g->out_c;
}

typedef int (*conv_fn)(const sk_geom *, const float *, const float *, float *);

/* Shared wrapper: (first, second, out, geom); `roles` says which of x/w/y each argument is; `name` is the JS name. */
static napi_value conv_call(napi_env env, napi_callback_info info, conv_fn fn, int depthwise, const char roles[3], const char *name) {
  ARGS(4, name);
  f32view v[3]; sk_geom g;
  if (!get_f32(env, argv[0], &v[0], 0) || !get_f32(env, argv[1], &v[1], 0) || !get_f32(env, argv[2], &v[2], 0)) FAIL("conv: expected (Float32Array, Float32Array, Float32Array, Int32Array geometry)");
  if (!get_geom(env, argv[3], &g)) FAIL("conv: bad geometry");
  if (depthwise && (g.in_c == 0 || g.out_c % g.in_c != 0)) FAIL("conv: depthwise output channels must be a multiple of input channels");
  size_t sx, sw, sy; sizes(&g, depthwise, &sx, &sw, &sy);
  for (int i = 0; i < 3; i++) {
    size_t need = roles[i] == 'x' ? sx : roles[i] == 'w' ? sw : sy;
    if (v[i].length < need) {
      char msg[96];
      snprintf(msg, sizeof msg, "%s: array too short", name);
      napi_throw_error(env, NULL, msg);
      return NULL;
    }
  }
  if (fn(&g, v[0].data, v[1].data, v[2].data) != 0) FAIL("conv: out of memory");
  return NULL;
}

static napi_value js_conv2d(napi_env env, napi_callback_info info) { return conv_call(env, info, sk_conv2d, 0, "xwy", "conv2d"); }
static napi_value js_conv2d_bp_input(napi_env env, napi_callback_info info) { return conv_call(env, info, sk_conv2d_backprop_input, 0, "ywx", "conv2dBackpropInput"); }
static napi_value js_conv2d_bp_filter(napi_env env, napi_callback_info info) { return conv_call(env, info, sk_conv2d_backprop_filter, 0, "xyw", "conv2dBackpropFilter"); }
static napi_value js_dw(napi_env env, napi_callback_info info) { return conv_call(env, info, sk_depthwise, 1, "xwy", "depthwise"); }
static napi_value js_dw_bp_input(napi_env env, napi_callback_info info) { return conv_call(env, info, sk_depthwise_backprop_input, 1, "ywx", "depthwiseBackpropInput"); }
static napi_value js_dw_bp_filter(napi_env env, napi_callback_info info) { return conv_call(env, info, sk_depthwise_backprop_filter, 1, "xyw", "depthwiseBackpropFilter"); }

static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  ARGS(1, "setThreads");
  int64_t n;
  if (!get_int(env, argv[0], &n) || n < 1) FAIL("setThreads: expected a positive integer");
  sk_set_threads((int)n);
  return NULL;
}

static napi_value js_get_threads(napi_env env, napi_callback_info info) {
  napi_value out; (void)info;
  CHECK(napi_create_int32(env, sk_get_threads(), &out));
  return out;
}

static napi_value js_blas(napi_env env, napi_callback_info info) {
  napi_value out; (void)info;
  CHECK(napi_create_string_utf8(env, sk_blas_name(), NAPI_AUTO_LENGTH, &out));
  return out;
}

typedef int (*rows_fn)(const float *, float *, int64_t, int64_t, const double *);

/* name(x: Float32Array, out: Float32Array, rows, cols, radii: Float64Array): one projection per row. */
static napi_value rows_call(napi_env env, napi_callback_info info, rows_fn fn, const char *name) {
  napi_value argv[5];
  if (!get_args(env, info, 5, argv, name)) return NULL;
  f32view x, out; f64view radii; int64_t rows, cols;
  char msg[128];
  const char *problem = NULL;
  if (!get_f32(env, argv[0], &x, 0) || !get_f32(env, argv[1], &out, 0) || !get_f64(env, argv[4], &radii)) problem = "expected (Float32Array, Float32Array, rows, cols, Float64Array)";
  else if (!get_int(env, argv[2], &rows) || !get_int(env, argv[3], &cols) || rows < 0 || cols < 0) problem = "rows and cols must be integers >= 0";
  else if (x.length < (size_t)rows * (size_t)cols || out.length < (size_t)rows * (size_t)cols || radii.length < (size_t)rows) problem = "array too short";
  else if (fn(x.data, out.data, rows, cols, radii.data) != 0) problem = "out of memory";
  if (problem) {
    snprintf(msg, sizeof msg, "%s: %s", name, problem);
    napi_throw_error(env, NULL, msg);
  }
  return NULL;
}

static napi_value js_l1_ball_rows(napi_env env, napi_callback_info info) { return rows_call(env, info, sk_l1_ball_rows, "l1BallRows"); }
static napi_value js_simplex_rows(napi_env env, napi_callback_info info) { return rows_call(env, info, sk_simplex_rows, "simplexRows"); }

/* The design X (Float32Array, rows x cols, row-major) and its sizes, checked: argv[0..2]. */
static int get_design(napi_env env, napi_value *argv, f32view *X, int64_t *rows, int64_t *cols) {
  return get_f32(env, argv[0], X, 0) && get_int(env, argv[1], rows) && get_int(env, argv[2], cols) && *rows >= 0 && *cols >= 0 &&
         X->length >= (size_t)*rows * (size_t)*cols;
}

/* transposeTimes(X, rows, cols, v: Float64Array, out: Float64Array) */
static napi_value js_transpose_times(napi_env env, napi_callback_info info) {
  ARGS(5, "transposeTimes");
  f32view X; f64view v, out; int64_t rows, cols;
  if (!get_design(env, argv, &X, &rows, &cols)) FAIL("transposeTimes: expected a Float32Array X of rows x cols entries");
  if (!get_f64(env, argv[3], &v) || !get_f64(env, argv[4], &out) || v.length < (size_t)rows || out.length < (size_t)cols) FAIL("transposeTimes: v and out must be Float64Arrays of rows and cols entries");
  sk_transpose_times(X.data, rows, cols, v.data, out.data);
  return NULL;
}

/* firstPass(X, rows, cols, v: Float64Array, g: Float64Array, norm2: Float64Array) */
static napi_value js_first_pass(napi_env env, napi_callback_info info) {
  ARGS(6, "firstPass");
  f32view X; f64view v, g, n2; int64_t rows, cols;
  if (!get_design(env, argv, &X, &rows, &cols)) FAIL("firstPass: expected a Float32Array X of rows x cols entries");
  if (!get_f64(env, argv[3], &v) || !get_f64(env, argv[4], &g) || !get_f64(env, argv[5], &n2) || v.length < (size_t)rows || g.length < (size_t)cols ||
      n2.length < (size_t)cols) FAIL("firstPass: v, g and norm2 must be Float64Arrays of rows, cols and cols entries");
  sk_first_pass(X.data, rows, cols, v.data, g.data, n2.data);
  return NULL;
}

/* gatherColumns(X, rows, cols, columns: Int32Array, out: Float64Array) */
static napi_value js_gather_columns(napi_env env, napi_callback_info info) {
  ARGS(5, "gatherColumns");
  f32view X; i32view c; f64view out; int64_t rows, cols;
  if (!get_design(env, argv, &X, &rows, &cols)) FAIL("gatherColumns: expected a Float32Array X of rows x cols entries");
  if (!get_i32(env, argv[3], &c, 0) || !get_f64(env, argv[4], &out) || out.length < c.length * (size_t)rows) FAIL("gatherColumns: expected an Int32Array of columns and a Float64Array of rows x columns entries");
  for (size_t k = 0; k < c.length; k++) if (c.data[k] < 0 || c.data[k] >= cols) FAIL("gatherColumns: column index out of range");
  sk_gather_columns(X.data, rows, cols, c.data, (int64_t)c.length, out.data);
  return NULL;
}

static int overlaps(const f32view *a, const f32view *b) {
  return a->data < b->data + b->length && b->data < a->data + a->length;
}

/*
 * adam(x, m, v, g, xOut, mOut, vOut, constants): one Adam step over n = x.length entries.
 * Either every output is its input (in place) or no output overlaps another array: the kernel
 * vectorizes on that promise (inputs are only read and may share memory).
 * constants: Float32Array [β1, 1 − β1, β2, 1 − β2, c1, c2, ε, −lr].
 */
static napi_value js_adam(napi_env env, napi_callback_info info) {
  ARGS(8, "adam");
  f32view t[7], k;
  for (int i = 0; i < 7; i++) if (!get_f32(env, argv[i], &t[i], 0)) FAIL("adam: expected seven Float32Arrays and a Float32Array of constants");
  if (!get_f32(env, argv[7], &k, 0) || k.length < 8) FAIL("adam: constants must be a Float32Array of 8 entries");
  for (int i = 1; i < 7; i++) if (t[i].length != t[0].length) FAIL("adam: x, m, v, g and the outputs must have the same length");
  /* in place: every output is exactly its input; otherwise an output overlaps no other array (inputs are only
     read, so they may share memory). In place this also keeps the gradient apart from x, m and v. */
  const int same[3] = {t[4].data == t[0].data, t[5].data == t[1].data, t[6].data == t[2].data};
  if ((same[0] || same[1] || same[2]) && !(same[0] && same[1] && same[2])) FAIL("adam: the outputs must be the inputs or overlap no other array");
  for (int j = 4; j < 7; j++)
    for (int i = 0; i < j; i++)
      if (!(i == j - 4 && same[i]) && t[0].length > 0 && overlaps(&t[i], &t[j])) FAIL("adam: the outputs must be the inputs or overlap no other array");
  const sk_adam_args a = {k.data[0], k.data[1], k.data[2], k.data[3], k.data[4], k.data[5], k.data[6], k.data[7]};
  sk_adam(&a, t[0].length, t[0].data, t[1].data, t[2].data, t[3].data, t[4].data, t[5].data, t[6].data);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    {"gemm", NULL, js_gemm, NULL, NULL, NULL, napi_default, NULL},
    {"epilogue", NULL, js_epilogue, NULL, NULL, NULL, napi_default, NULL},
    {"conv2d", NULL, js_conv2d, NULL, NULL, NULL, napi_default, NULL},
    {"conv2dBackpropInput", NULL, js_conv2d_bp_input, NULL, NULL, NULL, napi_default, NULL},
    {"conv2dBackpropFilter", NULL, js_conv2d_bp_filter, NULL, NULL, NULL, napi_default, NULL},
    {"depthwise", NULL, js_dw, NULL, NULL, NULL, napi_default, NULL},
    {"depthwiseBackpropInput", NULL, js_dw_bp_input, NULL, NULL, NULL, napi_default, NULL},
    {"depthwiseBackpropFilter", NULL, js_dw_bp_filter, NULL, NULL, NULL, napi_default, NULL},
    {"setThreads", NULL, js_set_threads, NULL, NULL, NULL, napi_default, NULL},
    {"getThreads", NULL, js_get_threads, NULL, NULL, NULL, napi_default, NULL},
    {"blas", NULL, js_blas, NULL, NULL, NULL, napi_default, NULL},
    {"l1BallRows", NULL, js_l1_ball_rows, NULL, NULL, NULL, napi_default, NULL},
    {"simplexRows", NULL, js_simplex_rows, NULL, NULL, NULL, napi_default, NULL},
    {"transposeTimes", NULL, js_transpose_times, NULL, NULL, NULL, napi_default, NULL},
    {"firstPass", NULL, js_first_pass, NULL, NULL, NULL, napi_default, NULL},
    {"gatherColumns", NULL, js_gather_columns, NULL, NULL, NULL, napi_default, NULL},
    {"adam", NULL, js_adam, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
