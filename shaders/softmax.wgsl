// softmax: row-wise softmax and softmax cross-entropy with logits, forward and gradient.
//
// Bindings (group 0):
//   0: uniform Params { rows: u32, cols: u32 }
//   1: storage read  x: array<f32>     [rows, cols] the logits (softmaxGrad: the forward output y)
//   2: storage read  labels: array<f32>   [rows, cols] (cross-entropy entry points; others bind any buffer)
//   3: storage read  dy: array<f32>    upstream gradient: [rows, cols] (softmaxGrad) or [rows]
//                                      (softmaxCrossEntropyWithLogitsGrad); forward entry points bind any buffer
//   4: storage read_write out: array<f32>   [rows, cols], or [rows] for softmaxCrossEntropyWithLogits
// Dispatch: ceil(rows / 256) workgroups, folded into (x, y) when over 65535: one thread per row, which
// loops over the row's columns (the categorical heads this serves are narrow).
//
// Each row's maximum is subtracted before exponentiating, so any finite logits give finite results.

struct Params { rows: u32, cols: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

fn rowMax(o: u32) -> f32 {
  var m = x[o];
  for (var c = 1u; c < params.cols; c++) { m = max(m, x[o + c]); }
  return m;
}

fn rowExpSum(o: u32, m: f32) -> f32 {
  var total = 0.0;
  for (var c = 0u; c < params.cols; c++) { total += exp(x[o + c] - m); }
  return total;
}

@compute @workgroup_size(256)
fn softmax(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  let o = r * params.cols;
  let m = rowMax(o);
  let total = rowExpSum(o, m);
  for (var c = 0u; c < params.cols; c++) { out[o + c] = exp(x[o + c] - m) / total; }
}

@compute @workgroup_size(256)
fn softmaxGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  let o = r * params.cols;
  var dot = 0.0;
  for (var c = 0u; c < params.cols; c++) { dot += dy[o + c] * x[o + c]; }
  for (var c = 0u; c < params.cols; c++) { out[o + c] = x[o + c] * (dy[o + c] - dot); }
}

@compute @workgroup_size(256)
fn softmaxCrossEntropyWithLogits(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  let o = r * params.cols;
  let m = rowMax(o);
  let lse = m + log(rowExpSum(o, m));
  var loss = 0.0;
  for (var c = 0u; c < params.cols; c++) { loss += labels[o + c] * (lse - x[o + c]); }
  out[r] = loss;
}

@compute @workgroup_size(256)
fn softmaxCrossEntropyWithLogitsGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  let o = r * params.cols;
  let m = rowMax(o);
  let total = rowExpSum(o, m);
  var mass = 0.0;
  for (var c = 0u; c < params.cols; c++) { mass += labels[o + c]; }
  for (var c = 0u; c < params.cols; c++) {
    out[o + c] = dy[r] * (exp(x[o + c] - m) / total * mass - labels[o + c]);
  }
}
