// dense: a dense layer's bias add + leaky ReLU, and their gradients, each fused into one dispatch.
//
// Bindings (group 0):
//   0: uniform Params { rows: u32, cols: u32, alpha: f32 }   alpha: the slope below zero (≥ 0)
//   1: storage read  x: array<f32>      biasLeakyRelu: the matmul result [rows, cols];
//                                      biasLeakyReluGrad: the forward output y [rows, cols]
//   2: storage read  b: array<f32>      biasLeakyRelu: the bias [cols]; biasLeakyReluGrad: dy [rows, cols]
//   3: storage read_write out: array<f32>   biasLeakyRelu: y [rows, cols]; biasLeakyReluGrad: dz [rows, cols]
//   4: storage read_write dbias: array<f32> biasLeakyReluGrad: the bias gradient [cols] (biasLeakyRelu
//                                      binds any other buffer)
// Dispatch: biasLeakyRelu: ceil(rows·cols / 256) workgroups; biasLeakyReluGrad: cols workgroups
//           (both folded into (x, y) past 65535).
//
// The gradient's workgroup owns one column: its 256 threads write dz for a strided share of the rows
// and sum it as they go, then add the partial sums as a tree in workgroup memory (as reduce.wgsl's
// sumAxis0), so dz and the bias gradient come from one read of y and dy.

struct Params { rows: u32, cols: u32, alpha: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> dbias: array<f32>;

var<workgroup> partial: array<f32, 256>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

@compute @workgroup_size(256)
fn biasLeakyRelu(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.rows * params.cols) { return; }
  let z = x[i] + b[i % params.cols];
  out[i] = select(params.alpha * z, z, z > 0.0);
}

@compute @workgroup_size(256)
fn biasLeakyReluGrad(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>,
                     @builtin(local_invocation_index) thread: u32) {
  let col = group.x + group.y * g.x;
  var s = 0.0;
  if (col < params.cols) {
    for (var r = thread; r < params.rows; r += 256u) {
      let i = r * params.cols + col;
      let dz = select(params.alpha * b[i], b[i], x[i] > 0.0);
      out[i] = dz;
      s += dz;
    }
  }
  partial[thread] = s;
  for (var stride = 128u; stride > 0u; stride = stride >> 1u) {
    workgroupBarrier();
    if (thread < stride) { partial[thread] += partial[thread + stride]; }
  }
  workgroupBarrier();
  if (thread == 0u && col < params.cols) { dbias[col] = partial[0]; }
}
