// normalize: row-wise RMS normalisation y = x / sqrt(mean(x²) + eps), forward and gradient.
//
// Bindings (group 0):
//   0: uniform Params { rows: u32, cols: u32, eps: f32 }
//   1: storage read  x: array<f32>     [rows, cols] the forward input (both entry points)
//   2: storage read  dy: array<f32>    [rows, cols] upstream gradient (rmsNormalizeGrad; the forward
//                                      entry point binds any buffer)
//   3: storage read_write out: array<f32>   [rows, cols]
// Dispatch: ceil(rows / 256) workgroups, folded into (x, y) when over 65535: one thread per row, which
// loops over the row's columns (the window shapes this serves are 64 wide).
//
// The gradient recomputes the row's RMS from x rather than reading a stored one.

struct Params { rows: u32, cols: u32, eps: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

fn rowRms(o: u32) -> f32 {
  var squares = 0.0;
  for (var c = 0u; c < params.cols; c++) { squares += x[o + c] * x[o + c]; }
  return sqrt(squares / f32(params.cols) + params.eps);
}

@compute @workgroup_size(256)
fn rmsNormalize(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  let o = r * params.cols;
  let rms = rowRms(o);
  for (var c = 0u; c < params.cols; c++) { out[o + c] = x[o + c] / rms; }
}

// dx = (dy − y · mean(dy ⊙ y)) / rms, with y = x / rms.
@compute @workgroup_size(256)
fn rmsNormalizeGrad(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let r = index(id, g); if (r >= params.rows) { return; }
  let o = r * params.cols;
  let rms = rowRms(o);
  var dot = 0.0;
  for (var c = 0u; c < params.cols; c++) { dot += dy[o + c] * x[o + c]; }
  let along = dot / (f32(params.cols) * rms);
  for (var c = 0u; c < params.cols; c++) { out[o + c] = (dy[o + c] - x[o + c] / rms * along) / rms; }
}
