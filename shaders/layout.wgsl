// layout: data movement without arithmetic: column concatenation and slicing, and ranged copies.
//
// Bindings (group 0):
//   0: uniform Params { rows, colsA, colsB, start, width, srcOffset, dstOffset, size }  (all u32)
//   1: storage read  a: array<f32>    concatColumns: [rows, colsA]; sliceColumns: x [rows, colsA];
//                                     copy: the source
//   2: storage read  b: array<f32>    concatColumns: [rows, colsB]; others bind any buffer
//   3: storage read_write out: array<f32>   concatColumns: [rows, colsA + colsB]; sliceColumns:
//                                     [rows, width]; copy: the destination (only [dstOffset, dstOffset + size) written)
// Dispatch: ceil(elements written / 256) workgroups, folded into (x, y) past 65535.

struct Params { rows: u32, colsA: u32, colsB: u32, start: u32, width: u32, srcOffset: u32, dstOffset: u32, size: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn index(id: vec3<u32>, groups: vec3<u32>) -> u32 { return id.x + id.y * groups.x * 256u; }

@compute @workgroup_size(256)
fn concatColumns(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let cols = params.colsA + params.colsB;
  let i = index(id, g); if (i >= params.rows * cols) { return; }
  let r = i / cols;
  let c = i % cols;
  if (c < params.colsA) { out[i] = a[r * params.colsA + c]; } else { out[i] = b[r * params.colsB + c - params.colsA]; }
}

@compute @workgroup_size(256)
fn sliceColumns(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.rows * params.width) { return; }
  let r = i / params.width;
  let c = i % params.width;
  out[i] = a[r * params.colsA + params.start + c];
}

@compute @workgroup_size(256)
fn copy(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) g: vec3<u32>) {
  let i = index(id, g); if (i >= params.size) { return; }
  out[params.dstOffset + i] = a[params.srcOffset + i];
}
