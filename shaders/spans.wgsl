// spans: softmax and softmax cross-entropy within column spans of each row (a table's categorical
// heads side by side), forward and gradient. The whole-row kernels (softmax, softmaxGrad,
// softmaxCrossEntropyWithLogits and its gradient) run these with one span [0, cols].
//
// Bindings (group 0):
//   0: uniform Params { rows: u32, cols: u32, spanCount: u32 }
//   1: storage read  x: array<f32>       [rows, cols] the logits (softmaxSpansGrad: the forward output y)
//   2: storage read  labels: array<f32>  [rows, cols] (cross-entropy entry points; others bind any buffer)
//   3: storage read  dy: array<f32>      upstream gradient: [rows, cols] (softmaxSpansGrad) or [rows]
//                                        (softmaxCrossEntropySpansGrad); forward entry points bind any buffer
//   4: storage read  spans: array<f32>   spanCount + 1 ascending column boundaries 0 … cols (whole numbers)
//   5: storage read_write out: array<f32>   [rows, cols], or [rows] for softmaxCrossEntropySpans
// Dispatch: ceil(rows · spanCount / 256) workgroups (softmaxCrossEntropySpans: ceil(rows / 256)), folded
// into (x, y) past 65535: one thread per (row, span), which loops over the span's columns; the
// cross-entropy's thread owns a row and adds its spans in order, so every sum has one fixed order.

struct Params { rows: u32, cols: u32, spanCount: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read> spans: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

// [begin, end) of span s in row r, as indices into the [rows, cols] arrays.
fn bounds(r: u32, s: u32) -> vec2<u32> {
  return vec2<u32>(r * params.cols + u32(spans[s]), r * params.cols + u32(spans[s + 1u]));
}

fn spanMax(b: vec2<u32>) -> f32 {
  var m = x[b.x];
  for (var i = b.x + 1u; i < b.y; i++) { m = max(m, x[i]); }
  return m;
}

fn spanExpSum(b: vec2<u32>, m: f32) -> f32 {
  var total = 0.0;
  for (var i = b.x; i < b.y; i++) { total += exp(x[i] - m); }
  return total;
}

@compute @workgroup_size(256)
fn softmaxSpans(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let t = index(id, g); if (t >= params.rows * params.spanCount) { return; }
  let b = bounds(t / params.spanCount, t % params.spanCount);
  let m = spanMax(b);
  let total = spanExpSum(b, m);
  for (var i = b.x; i < b.y; i++) { out[i] = exp(x[i] - m) / total; }
}

@compute @workgroup_size(256)
fn softmaxSpansGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let t = index(id, g); if (t >= params.rows * params.spanCount) { return; }
  let b = bounds(t / params.spanCount, t % params.spanCount);
  var dot = 0.0;
  for (var i = b.x; i < b.y; i++) { dot += dy[i] * x[i]; }
  for (var i = b.x; i < b.y; i++) { out[i] = x[i] * (dy[i] - dot); }
}

@compute @workgroup_size(256)
fn softmaxCrossEntropySpans(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  var sum = 0.0;
  for (var s = 0u; s < params.spanCount; s++) {
    let b = bounds(r, s);
    let m = spanMax(b);
    let lse = m + log(spanExpSum(b, m));
    var loss = 0.0;
    for (var i = b.x; i < b.y; i++) { loss += labels[i] * (lse - x[i]); }
    sum += loss;
  }
  out[r] = sum;
}

@compute @workgroup_size(256)
fn softmaxCrossEntropySpansGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let t = index(id, g); if (t >= params.rows * params.spanCount) { return; }
  let r = t / params.spanCount;
  let b = bounds(r, t % params.spanCount);
  let m = spanMax(b);
  let total = spanExpSum(b, m);
  var mass = 0.0;
  for (var i = b.x; i < b.y; i++) { mass += labels[i]; }
  for (var i = b.x; i < b.y; i++) { out[i] = dy[r] * (exp(x[i] - m) / total * mass - labels[i]); }
}
