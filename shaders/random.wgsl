// random: counter-based Gaussian noise, the same stream as src/backend/counter-rng.ts.
//
// Bindings (group 0):
//   0: uniform Params { size: u32, seed: u32, offset: u32, mean: f32, stdDev: f32 }
//   1: storage read_write out: array<f32>   [size]; out[i] = mean + std · N(0,1) at counter offset + i
// Dispatch: ceil(size / 256) workgroups, folded into (x, y) past 65535.
//
// Each element hashes (seed, counter) with the PCG-RXS-M-XS permutation into two 24-bit uniforms,
// exact in float32, and takes the cosine branch of Box–Muller. u32 arithmetic wraps here exactly as
// Math.imul and >>> 0 do on the host, so both sides see the same uniforms.

struct Params { size: u32, seed: u32, offset: u32, mean: f32, stdDev: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;

fn pcgHash(value: u32) -> u32 {
  let state = value * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

@compute @workgroup_size(256)
fn randomNormal(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = id.x + id.y * groups.x * 256u;
  if (i >= params.size) { return; }
  let counter = params.offset + i;
  let key = pcgHash(params.seed);
  let h1 = pcgHash(key ^ (counter * 2u));
  let h2 = pcgHash(h1 ^ (counter * 2u + 1u));
  let u1 = (f32(h1 >> 8u) + 1.0) * (1.0 / 16777216.0);
  let u2 = f32(h2 >> 8u) * (1.0 / 16777216.0);
  out[i] = params.mean + params.stdDev * sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
