// loss: sigmoid cross-entropy with logits, forward and gradient, elementwise.
//
// Bindings (group 0):
//   0: uniform Params { size: u32 }
//   1: storage read  logits: array<f32>   [size]
//   2: storage read  labels: array<f32>   [size], each in [0, 1]
//   3: storage read  dy: array<f32>       [size] upstream gradient (gradient entry point only; forward
//                                         binds any buffer here)
//   4: storage read_write out: array<f32> [size]
// Dispatch: ceil(size / 256) workgroups, folded into (x, y) when over 65535.
//
// Forward: max(x, 0) − x·z + log(1 + e^−|x|), finite for any logit. WGSL has no log1p, so for tiny t
// log(1 + t) is taken from its series t − t²/2 (error < t³/3), where float32's 1 + t would round t away.

struct Params { size: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

fn log1pSmall(t: f32) -> f32 {
  if (t < 1e-4) { return t - 0.5 * t * t; }
  return log(1.0 + t);
}

fn stableSigmoid(v: f32) -> f32 {
  if (v >= 0.0) { return 1.0 / (1.0 + exp(-v)); }
  let e = exp(v);
  return e / (1.0 + e);
}

@compute @workgroup_size(256)
fn sigmoidCrossEntropyWithLogits(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  let v = logits[i];
  out[i] = max(v, 0.0) - v * labels[i] + log1pSmall(exp(-abs(v)));
}

@compute @workgroup_size(256)
fn sigmoidCrossEntropyWithLogitsGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = dy[i] * (stableSigmoid(logits[i]) - labels[i]);
}
