// elementwise: one output element per thread, for the binary ops, activations and their gradients.
//
// Bindings (group 0):
//   0: uniform Params { size: u32, scalar: f32 }   scalar: alpha (leaky ReLU), factor (scale) or value (fill)
//   1: storage read  x: array<f32>    first operand (the forward input, or the forward output y for
//                                     sigmoidGrad / tanhGrad); [size]
//   2: storage read  y: array<f32>    second operand (b, or the upstream gradient dy); [size]
//   3: storage read_write out: array<f32>   [size]
// Unary entry points ignore binding 2, fill ignores 1 and 2 (bind any buffer there).
// Dispatch: ceil(size / 256) workgroups, folded into (x, y) when over 65535: index = x + y · 65535 · 256.

struct Params { size: u32, scalar: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

/// Stable logistic: never evaluates exp of a large positive number.
fn stableSigmoid(v: f32) -> f32 {
  if (v >= 0.0) { return 1.0 / (1.0 + exp(-v)); }
  let e = exp(v);
  return e / (1.0 + e);
}

@compute @workgroup_size(256)
fn add(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = x[i] + y[i];
}

@compute @workgroup_size(256)
fn sub(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = x[i] - y[i];
}

@compute @workgroup_size(256)
fn mul(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = x[i] * y[i];
}

@compute @workgroup_size(256)
fn scale(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = x[i] * params.scalar;
}

@compute @workgroup_size(256)
fn fill(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = params.scalar;
}

@compute @workgroup_size(256)
fn leakyRelu(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  let v = x[i];
  out[i] = select(params.scalar * v, v, v > 0.0);
}

@compute @workgroup_size(256)
fn leakyReluGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = select(params.scalar * y[i], y[i], x[i] > 0.0);
}

@compute @workgroup_size(256)
fn sigmoid(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = stableSigmoid(x[i]);
}

@compute @workgroup_size(256)
fn sigmoidGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = y[i] * x[i] * (1.0 - x[i]);
}

@compute @workgroup_size(256)
fn tanhForward(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  // Clamped: some implementations evaluate tanh through exp(2x) and overflow to NaN past |x| ≈ 44;
  // tanh(±20) is ±1 in float32 anyway.
  out[i] = tanh(clamp(x[i], -20.0, 20.0));
}

@compute @workgroup_size(256)
fn expForward(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = exp(x[i]);
}

@compute @workgroup_size(256)
fn tanhGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[i] = y[i] * (1.0 - x[i] * x[i]);
}
