// matmul: C[m, n] = op(A) · op(B), tiled in workgroup memory.
//
// Bindings (group 0):
//   0: uniform Params { m, k, n, flags }   flags bit 0: A stored [k, m] (transposed); bit 1: B stored [n, k]
//   1: storage read  a: array<f32>   op(A) is [m, k]; stored [m, k] row-major, or [k, m] when transposed
//   2: storage read  b: array<f32>   op(B) is [k, n]; stored [k, n] row-major, or [n, k] when transposed
//   3: storage read_write c: array<f32>   [m, n] row-major, every element written
// Dispatch: (ceil(n / 64), ceil(m / 64)) workgroups of 16×16 threads.
//
// Each workgroup computes a 64×64 tile of C; each thread a 4×4 block of it, held in registers. The k
// loop stages a 64×16 slab of op(A) and a 16×64 slab of op(B) in workgroup memory (8 KiB), so every
// value read from global memory feeds 64 multiply-adds. Loads outside the matrices read 0, and stores
// outside C are skipped, so any shape works. 256 invocations and 8 KiB of workgroup memory fit every
// adapter's limits (the WebGPU defaults are 256 and 16 KiB).

struct Params { m: u32, k: u32, n: u32, flags: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

const TILE: u32 = 64u;
const DEPTH: u32 = 16u;
var<workgroup> tileA: array<f32, 1024>; // [DEPTH][TILE]: tileA[p * TILE + row]
var<workgroup> tileB: array<f32, 1024>; // [DEPTH][TILE]: tileB[p * TILE + col]

fn loadA(row: u32, p: u32) -> f32 {
  if (row >= params.m || p >= params.k) { return 0.0; }
  if ((params.flags & 1u) != 0u) { return a[p * params.m + row]; }
  return a[row * params.k + p];
}

fn loadB(p: u32, col: u32) -> f32 {
  if (p >= params.k || col >= params.n) { return 0.0; }
  if ((params.flags & 2u) != 0u) { return b[col * params.k + p]; }
  return b[p * params.n + col];
}

@compute @workgroup_size(16, 16)
fn matmul(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>,
          @builtin(local_invocation_index) thread: u32) {
  let rowBase = group.y * TILE;
  let colBase = group.x * TILE;
  var acc: array<array<f32, 4>, 4>;
  for (var i = 0u; i < 4u; i++) { for (var j = 0u; j < 4u; j++) { acc[i][j] = 0.0; } }

  for (var p0 = 0u; p0 < params.k; p0 += DEPTH) {
    // 256 threads stage 1024 values of each slab: 4 each.
    for (var s = 0u; s < 4u; s++) {
      let e = thread + s * 256u;
      let p = e / TILE;
      let x = e % TILE;
      tileA[e] = loadA(rowBase + x, p0 + p);
      tileB[e] = loadB(p0 + p, colBase + x);
    }
    workgroupBarrier();
    for (var p = 0u; p < DEPTH; p++) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tileA[p * TILE + local.y * 4u + i];
        bv[i] = tileB[p * TILE + local.x * 4u + i];
      }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i][j] = fma(av[i], bv[j], acc[i][j]); }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let row = rowBase + local.y * 4u + i;
    if (row >= params.m) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let col = colBase + local.x * 4u + j;
      if (col < params.n) { c[row * params.n + col] = acc[i][j]; }
    }
  }
}
