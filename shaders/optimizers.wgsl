// optimizers: fused parameter updates, in place, one element per thread.
//
// Bindings (group 0):
//   0: uniform Params { size: u32, lr, beta1, beta2, eps, weightDecay, correction1, correction2: f32 }
//      (sgdMomentum reads size, lr and beta1 as the momentum)
//   1: storage read  grad: array<f32>             [size]
//   2: storage read_write param: array<f32>       [size]
//   3: storage read_write m: array<f32>           [size] Adam's first moment, or SGD's velocity
//   4: storage read_write v: array<f32>           [size] Adam's second moment (SGD binds any other buffer)
// Dispatch: ceil(size / 256) workgroups, folded into (x, y) past 65535.
// The bias corrections 1 − β1ᵗ and 1 − β2ᵗ are computed once on the host, in float64.

struct Params { size: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, correction1: f32, correction2: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> param: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

@compute @workgroup_size(256)
fn adam(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = index(id, groups); if (i >= params.size) { return; }
  let g = grad[i];
  let mi = params.beta1 * m[i] + (1.0 - params.beta1) * g;
  let vi = params.beta2 * v[i] + (1.0 - params.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  let update = (mi / params.correction1) / (sqrt(vi / params.correction2) + params.eps);
  param[i] = param[i] - params.lr * (update + params.weightDecay * param[i]);
}

@compute @workgroup_size(256)
fn sgdMomentum(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = index(id, groups); if (i >= params.size) { return; }
  let velocity = params.beta1 * m[i] + grad[i];
  m[i] = velocity;
  param[i] -= params.lr * velocity;
}
