// gather: x·w for one-hot rows x (a table's condition) as a gather of the weight rows each row selects,
// and its weight gradient, gathered per weight row (issue #25). Only exact zeros of x are skipped, so
// both equal the dense products; each sum runs in one fixed order (no atomics).
//
// Bindings (group 0):
//   0: uniform Params { rows: u32, k: u32, n: u32 }
//   1: storage read  x: array<f32>    [rows, k] the mostly-zero rows
//   2: storage read  b: array<f32>    oneHotMatmul: w [k, n]; oneHotMatmulGrad: dy [rows, n]
//   3: storage read_write out: array<f32>   oneHotMatmul: [rows, n]; oneHotMatmulGrad: dw [k, n]
// Dispatch: ceil(elements of out / 256) workgroups, folded into (x, y) past 65535; one thread per
// output element. oneHotMatmul's thread scans its row of x (j ascending); oneHotMatmulGrad's thread
// owns dw[j, c] and scans column j of x over the batch (r ascending).

struct Params { rows: u32, k: u32, n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

@compute @workgroup_size(256)
fn oneHotMatmul(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.rows * params.n) { return; }
  let r = i / params.n;
  let c = i % params.n;
  var s = 0.0;
  for (var j = 0u; j < params.k; j++) {
    let v = x[r * params.k + j];
    if (v != 0.0) { s += v * b[j * params.n + c]; }
  }
  out[i] = s;
}

@compute @workgroup_size(256)
fn oneHotMatmulGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.k * params.n) { return; }
  let j = i / params.n;
  let c = i % params.n;
  var s = 0.0;
  for (var r = 0u; r < params.rows; r++) {
    let v = x[r * params.k + j];
    if (v != 0.0) { s += v * b[r * params.n + c]; }
  }
  out[i] = s;
}
