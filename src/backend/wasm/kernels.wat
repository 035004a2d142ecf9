;; gangrad's WebAssembly SIMD kernels: float32 matrix multiply (and the packing it needs).
;;
;; Assembled at build time by `npm run build:wasm` (wabt) into kernels.wasm.ts; a test re-assembles
;; this file and checks the committed bytes match, so the two never drift.
;;
;; Memory is imported, and shared, so that worker threads run these same functions on the same tensors.
;; All pointers are byte offsets into that memory; all matrices are row-major float32.
;;
;; The method is GotoBLAS's, shrunk to 128-bit SIMD:
;;   1. pack op(B) into strips of 8 columns, each strip stored p-major ([k][8] floats), zero-padded
;;      past column n, so the inner loop reads B as one sequential stream whatever B's layout was;
;;   2. for each block of strips that fits in L2, for each panel of 4 rows of A, for each strip:
;;      the micro-kernel keeps a 4×8 tile of C in eight v128 registers for the whole k loop, so each
;;      step loads 2 vectors of B and 4 scalars of A for 32 multiply-adds.
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; pack_b(src, dst, k, n, transposed)
  ;;   op(B) is [k, n]; stored [k, n] (transposed = 0) or [n, k] (transposed = 1).
  ;;   dst receives ceil(n / 8) strips of k×8 floats: dst[(s·k + p)·8 + c] = op(B)[p, 8s + c] or 0.
  (func (export "pack_b") (param $src i32) (param $dst i32) (param $k i32) (param $n i32) (param $transposed i32)
    (local $s i32) (local $p i32) (local $c i32) (local $j i32) (local $strips i32) (local $out i32) (local $v f32)
    (local.set $strips (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $out (local.get $dst))
    (local.set $s (i32.const 0))
    (block $done_s (loop $loop_s
      (br_if $done_s (i32.ge_u (local.get $s) (local.get $strips)))
      (local.set $p (i32.const 0))
      (block $done_p (loop $loop_p
        (br_if $done_p (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $c (i32.const 0))
        (block $done_c (loop $loop_c
          (br_if $done_c (i32.ge_u (local.get $c) (i32.const 8)))
          (local.set $j (i32.add (i32.shl (local.get $s) (i32.const 3)) (local.get $c)))
          (local.set $v (f32.const 0))
          (if (i32.lt_u (local.get $j) (local.get $n))
            (then
              (local.set $v
                (f32.load (i32.add (local.get $src) (i32.shl
                  (if (result i32) (local.get $transposed)
                    (then (i32.add (i32.mul (local.get $j) (local.get $k)) (local.get $p)))
                    (else (i32.add (i32.mul (local.get $p) (local.get $n)) (local.get $j))))
                  (i32.const 2)))))))
          (f32.store (local.get $out) (local.get $v))
          (local.set $out (i32.add (local.get $out) (i32.const 4)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $loop_c)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $loop_p)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $loop_s)))
  )

  ;; gemm(a, rowStride, colStride, packedB, c, rowBegin, rowEnd, k, n, stripsPerBlock, tile)
  ;;   C[i, 0:n] = Σ_p op(A)[i, p] · op(B)[p, 0:n] for rowBegin ≤ i < rowEnd (C is overwritten).
  ;;   op(A)[i, p] is the float at a + 4·(i·rowStride + p·colStride): rowStride = k, colStride = 1 for
  ;;   A stored [m, k]; rowStride = 1, colStride = m for A stored [k, m] (transposed).
  ;;   stripsPerBlock: strips of packed B per cache block (k·32 bytes each; a block should fit in L2).
  ;;   tile: 128 bytes of scratch for tiles at the ragged edges (fewer than 4 rows or 8 columns).
  (func (export "gemm")
    (param $a i32) (param $rowStride i32) (param $colStride i32) (param $bp i32) (param $c i32)
    (param $rowBegin i32) (param $rowEnd i32) (param $k i32) (param $n i32) (param $stripsPerBlock i32) (param $tile i32)
    (local $strips i32) (local $block i32) (local $blockEnd i32) (local $i i32) (local $rows i32) (local $s i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $colStep i32)
    (local $b i32) (local $p i32) (local $cols i32) (local $dst i32) (local $r i32) (local $q i32)
    (local $vb0 v128) (local $vb1 v128) (local $va v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $strips (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $colStep (i32.shl (local.get $colStride) (i32.const 2)))
    (local.set $block (i32.const 0))
    (block $done_block (loop $loop_block
      (br_if $done_block (i32.ge_u (local.get $block) (local.get $strips)))
      (local.set $blockEnd (i32.add (local.get $block) (local.get $stripsPerBlock)))
      (if (i32.gt_u (local.get $blockEnd) (local.get $strips)) (then (local.set $blockEnd (local.get $strips))))
      (local.set $i (local.get $rowBegin))
      (block $done_i (loop $loop_i
        (br_if $done_i (i32.ge_u (local.get $i) (local.get $rowEnd)))
        (local.set $rows (i32.sub (local.get $rowEnd) (local.get $i)))
        (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        ;; Row pointers of the panel; rows past the end repeat row 0 (computed, never stored).
        (local.set $a0 (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $rowStride)) (i32.const 2))))
        (local.set $a1 (local.get $a0)) (local.set $a2 (local.get $a0)) (local.set $a3 (local.get $a0))
        (if (i32.gt_u (local.get $rows) (i32.const 1)) (then (local.set $a1 (i32.add (local.get $a0) (i32.shl (local.get $rowStride) (i32.const 2))))))
        (if (i32.gt_u (local.get $rows) (i32.const 2)) (then (local.set $a2 (i32.add (local.get $a0) (i32.shl (local.get $rowStride) (i32.const 3))))))
        (if (i32.gt_u (local.get $rows) (i32.const 3)) (then (local.set $a3 (i32.add (local.get $a0) (i32.mul (local.get $rowStride) (i32.const 12))))))
        (local.set $s (local.get $block))
        (block $done_s (loop $loop_s
          (br_if $done_s (i32.ge_u (local.get $s) (local.get $blockEnd)))
          ;; --- micro-kernel: the 4×8 tile of C for strip s, accumulated over all k ---
          (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
          (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
          (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
          (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
          (local.set $b (i32.add (local.get $bp) (i32.shl (i32.mul (local.get $s) (local.get $k)) (i32.const 5))))
          (local.set $q (i32.const 0)) ;; byte offset along p in A
          (local.set $p (i32.const 0))
          (block $done_p (loop $loop_p
            (br_if $done_p (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $vb0 (v128.load (local.get $b)))
            (local.set $vb1 (v128.load offset=16 (local.get $b)))
            (local.set $va (f32x4.splat (f32.load (i32.add (local.get $a0) (local.get $q)))))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $va (f32x4.splat (f32.load (i32.add (local.get $a1) (local.get $q)))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $va (f32x4.splat (f32.load (i32.add (local.get $a2) (local.get $q)))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $va (f32x4.splat (f32.load (i32.add (local.get $a3) (local.get $q)))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (local.get $colStep)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $loop_p)))
          ;; --- store the tile: straight into C when whole, else through the scratch tile ---
          (local.set $cols (i32.sub (local.get $n) (i32.shl (local.get $s) (i32.const 3))))
          (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
          (local.set $dst (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (i32.shl (local.get $s) (i32.const 3))) (i32.const 2))))
          (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
            (then
              (v128.store (local.get $dst) (local.get $c00))
              (v128.store offset=16 (local.get $dst) (local.get $c01))
              (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
              (v128.store (local.get $dst) (local.get $c10))
              (v128.store offset=16 (local.get $dst) (local.get $c11))
              (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
              (v128.store (local.get $dst) (local.get $c20))
              (v128.store offset=16 (local.get $dst) (local.get $c21))
              (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
              (v128.store (local.get $dst) (local.get $c30))
              (v128.store offset=16 (local.get $dst) (local.get $c31)))
            (else
              (v128.store (local.get $tile) (local.get $c00))
              (v128.store offset=16 (local.get $tile) (local.get $c01))
              (v128.store offset=32 (local.get $tile) (local.get $c10))
              (v128.store offset=48 (local.get $tile) (local.get $c11))
              (v128.store offset=64 (local.get $tile) (local.get $c20))
              (v128.store offset=80 (local.get $tile) (local.get $c21))
              (v128.store offset=96 (local.get $tile) (local.get $c30))
              (v128.store offset=112 (local.get $tile) (local.get $c31))
              (local.set $r (i32.const 0))
              (block $done_r (loop $loop_r
                (br_if $done_r (i32.ge_u (local.get $r) (local.get $rows)))
                (memory.copy
                  (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $n)) (i32.const 2)))
                  (i32.add (local.get $tile) (i32.shl (local.get $r) (i32.const 5)))
                  (i32.shl (local.get $cols) (i32.const 2)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $loop_r)))))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $loop_s)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop_i)))
      (local.set $block (local.get $blockEnd))
      (br $loop_block)))
  )
)
