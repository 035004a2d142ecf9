// reduce: sums as tree reductions in workgroup memory, and their broadcasting inverses.
//
// Bindings (group 0):
//   0: uniform Params { rows: u32, cols: u32 }   (sumAll: rows = element count, cols = 1)
//   1: storage read  x: array<f32>      sumAll: [rows]; sumAxis0: [rows, cols]; tileRows: [cols];
//                                      addRowBroadcast: [rows, cols]
//   2: storage read  row: array<f32>    addRowBroadcast: the bias [cols]; others bind any buffer
//   3: storage read_write out: array<f32>   sumAll: [1]; sumAxis0: [cols]; tileRows, addRowBroadcast: [rows, cols]
// Dispatch: sumAll: 1 workgroup; sumAxis0: cols workgroups (folded into (x, y) past 65535);
//           tileRows, addRowBroadcast: ceil(rows·cols / 256) workgroups (folded likewise).
//
// A reduction's 256 threads each sum a strided share, then halve the partial sums in workgroup
// memory log2(256) = 8 times: a tree, so no thread loops over the whole input and rounding error
// grows with log n, not n.

struct Params { rows: u32, cols: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> row: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> partial: array<f32, 256>;

fn treeSum(thread: u32) -> f32 {
  for (var stride = 128u; stride > 0u; stride = stride >> 1u) {
    workgroupBarrier();
    if (thread < stride) { partial[thread] += partial[thread + stride]; }
  }
  workgroupBarrier();
  return partial[0];
}

@compute @workgroup_size(256)
fn sumAll(@builtin(local_invocation_index) thread: u32) {
  var s = 0.0;
  for (var i = thread; i < params.rows; i += 256u) { s += x[i]; }
  partial[thread] = s;
  let total = treeSum(thread);
  if (thread == 0u) { out[0] = total; }
}

@compute @workgroup_size(256)
fn sumAxis0(@builtin(workgroup_id) group: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>,
            @builtin(local_invocation_index) thread: u32) {
  let col = group.x + group.y * g.x;
  var s = 0.0;
  if (col < params.cols) {
    for (var r = thread; r < params.rows; r += 256u) { s += x[r * params.cols + col]; }
  }
  partial[thread] = s;
  let total = treeSum(thread);
  if (thread == 0u && col < params.cols) { out[col] = total; }
}

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

@compute @workgroup_size(256)
fn tileRows(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.rows * params.cols) { return; }
  out[i] = x[i % params.cols];
}

@compute @workgroup_size(256)
fn addRowBroadcast(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.rows * params.cols) { return; }
  out[i] = x[i] + row[i % params.cols];
}
