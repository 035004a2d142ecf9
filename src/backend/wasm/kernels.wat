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
;;   2. pack the call's rows of A into panels of 4 rows, each p-major, in the thread's scratch;
;;   3. for each block of strips that fits in L2, for each panel, for each strip: the micro-kernel keeps
;;      a 4×8 tile of C in eight v128 registers for the whole k loop, so each step loads 2 vectors of B
;;      and 4 scalars of A for 32 multiply-adds.
;;      Each scalar of A is loaded straight into all four lanes (v128.load32_splat, one instruction where
;;      f32.load + f32x4.splat took two: 49 → 62 GFLOP/s on one core of the AMD EPYC here, 256³, Node 24).
;; `npm run build:wasm` also assembles a relaxed-SIMD build, for engines that validate relaxed SIMD, in
;; which gemm is gemm-fma.wat's: panels of 6 rows, fused multiply-adds (`f32x4.relaxed_madd`), twelve
;; accumulators, enough to cover the FMA's latency on both ports (scripts/assemble-wasm.ts swaps it in).
(module
  (import "env" "memory" (memory 1 16384 shared))

  ;; pack_b(src, dst, k, n, transposed, begin, end)
  ;;   op(B) is [k, n]; stored [k, n] (transposed = 0) or [n, k] (transposed = 1).
  ;;   dst receives strips begin..end−1 (end ≤ ceil(n / 8)) of op(B)'s strips of k×8 floats:
  ;;   dst[(s·k + p)·8 + c] = op(B)[p, 8s + c] or 0. Threads pack disjoint ranges of strips of one B.
  (func (export "pack_b") (param $src i32) (param $dst i32) (param $k i32) (param $n i32) (param $transposed i32) (param $begin i32) (param $end i32)
    (local $s i32) (local $p i32) (local $c i32) (local $j i32) (local $out i32) (local $v f32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $out (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $begin) (local.get $k)) (i32.const 5))))
    (local.set $s (local.get $begin))
    (block $done_s (loop $loop_s
      (br_if $done_s (i32.ge_u (local.get $s) (local.get $end)))
      (local.set $p (i32.const 0))
      ;; A whole strip of B stored [k, n]: each row's 8 floats are contiguous, so move them as two vectors.
      (if (i32.and (i32.eqz (local.get $transposed)) (i32.le_u (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 3)) (local.get $n)))
        (then
          (local.set $j (i32.add (local.get $src) (i32.shl (local.get $s) (i32.const 5))))
          (local.set $p (i32.const 0))
          (block $done_v (loop $loop_v
            (br_if $done_v (i32.ge_u (local.get $p) (local.get $k)))
            (v128.store (local.get $out) (v128.load (local.get $j)))
            (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $j)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $j (i32.add (local.get $j) (i32.shl (local.get $n) (i32.const 2))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $loop_v)))
          (local.set $p (local.get $k))))
      ;; A whole strip of B stored [n, k] (transposed): its 8 rows are contiguous along p, so take 4×4
      ;; blocks from 4 rows at a time and transpose them with shuffles; the scalar loop does the last k % 4.
      (if (i32.and (local.get $transposed) (i32.le_u (i32.shl (i32.add (local.get $s) (i32.const 1)) (i32.const 3)) (local.get $n)))
        (then
          (local.set $j (i32.add (local.get $src) (i32.shl (i32.mul (local.get $s) (local.get $k)) (i32.const 5))))
          (block $done_t (loop $loop_t
            (br_if $done_t (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 0))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 1))) (i32.const 2))))))
            (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 2))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 3))) (i32.const 2))))))
            (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 0))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 1))) (i32.const 2))))))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 2))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 3))) (i32.const 2))))))
            (v128.store offset=0 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
            (v128.store offset=32 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
            (v128.store offset=64 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
            (v128.store offset=96 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 4))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 5))) (i32.const 2))))))
            (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 6))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 7))) (i32.const 2))))))
            (local.set $t2 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 4))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 5))) (i32.const 2))))))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 6))) (i32.const 2)))) (v128.load (i32.add (local.get $j) (i32.shl (i32.add (local.get $p) (i32.mul (local.get $k) (i32.const 7))) (i32.const 2))))))
            (v128.store offset=16 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
            (v128.store offset=48 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
            (v128.store offset=80 (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t2) (local.get $t3)))
            (v128.store offset=112 (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t2) (local.get $t3)))
            (local.set $out (i32.add (local.get $out) (i32.const 128)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $loop_t)))))
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

  ;; gemm(a, rowStride, colStride, packedB, c, rowBegin, rowEnd, k, n, stripsPerBlock, scratch)
  ;;   C[i, 0:n] = Σ_p op(A)[i, p] · op(B)[p, 0:n] for rowBegin ≤ i < rowEnd (C is overwritten).
  ;;   op(A)[i, p] is the float at a + 4·(i·rowStride + p·colStride): rowStride = k, colStride = 1 for
  ;;   A stored [m, k]; rowStride = 1, colStride = m for A stored [k, m] (transposed).
  ;;   stripsPerBlock: strips of packed B per cache block (k·32 bytes each; a block should fit in L2).
  ;;   scratch: this call's own gemmScratchBytes(k, rowEnd − rowBegin) bytes (control.ts): at 0, 256 bytes
  ;;   for tiles at the ragged edges (fewer rows than a panel or fewer than 8 columns); from 256, the call's
  ;;   rows of A packed once, panel after panel, each p-major, before any product: the micro-kernel then
  ;;   reads A as one sequential stream from one pointer whatever A's layout (a transposed A, read in place,
  ;;   strode m floats a step: 1024³ at 8 GFLOP/s against 44 packed, one core of the Intel Xeon, Node 24),
  ;;   and a panel is packed once, not once per block of strips (1024³ transposed: 31 → 44 GFLOP/s).
  ;;   With a single strip of B (n ≤ 8) each element of A is used once, so the packing is pure cost there.
  ;; This build's panel is 4 rows (eight accumulators). The relaxed-SIMD build replaces this function
  ;; with gemm-fma.wat's 6-row one: with mul + add, twelve accumulators and their products spill out of
  ;; the 16 registers (Node 20, 1024³: 28 GFLOP/s against 35 with four rows, docs/performance.md).
  (func (export "gemm")
    (param $a i32) (param $rowStride i32) (param $colStride i32) (param $bp i32) (param $c i32)
    (param $rowBegin i32) (param $rowEnd i32) (param $k i32) (param $n i32) (param $stripsPerBlock i32) (param $scratch i32)
    (local $strips i32) (local $block i32) (local $blockEnd i32) (local $i i32) (local $rows i32) (local $s i32)
    (local $rowStep i32) (local $colStep i32) (local $panel i32) (local $src i32) (local $ap i32) (local $apEnd i32)
    (local $b i32) (local $cols i32) (local $dst i32) (local $r i32)
    (local $vb0 v128) (local $vb1 v128) (local $va v128)
    (local $c00 v128) (local $c01 v128)
    (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128)
    (local $c30 v128) (local $c31 v128)
    (local.set $strips (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (local.set $rowStep (i32.shl (local.get $rowStride) (i32.const 2)))
    (local.set $colStep (i32.shl (local.get $colStride) (i32.const 2)))
    ;; --- pack every panel of this call's rows once ---
    (local.set $i (local.get $rowBegin))
    (local.set $panel (i32.add (local.get $scratch) (i32.const 256)))
    (block $done_pi (loop $loop_pi
      (br_if $done_pi (i32.ge_u (local.get $i) (local.get $rowEnd)))
      (local.set $rows (i32.sub (local.get $rowEnd) (local.get $i)))
      (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        ;; --- pack the panel's 4 rows of op(A), p-major: panel[p·4 + r] = op(A)[i + r, p], rows past the end 0 ---
        (local.set $src (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowStep))))
        (local.set $ap (local.get $panel))
        (local.set $apEnd (i32.add (local.get $panel) (i32.mul (local.get $k) (i32.const 16))))
        (if (i32.eq (local.get $rows) (i32.const 4))
          (then
            (block $done_pack (loop $loop_pack
              (br_if $done_pack (i32.ge_u (local.get $ap) (local.get $apEnd)))
              (f32.store offset=0 (local.get $ap) (f32.load (local.get $src)))
              (f32.store offset=4 (local.get $ap) (f32.load (i32.add (local.get $src) (i32.mul (local.get $rowStep) (i32.const 1)))))
              (f32.store offset=8 (local.get $ap) (f32.load (i32.add (local.get $src) (i32.mul (local.get $rowStep) (i32.const 2)))))
              (f32.store offset=12 (local.get $ap) (f32.load (i32.add (local.get $src) (i32.mul (local.get $rowStep) (i32.const 3)))))
              (local.set $src (i32.add (local.get $src) (local.get $colStep)))
              (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
              (br $loop_pack))))
          (else
            (memory.fill (local.get $panel) (i32.const 0) (i32.mul (local.get $k) (i32.const 16)))
            (local.set $r (i32.const 0))
            (block $done_edge (loop $loop_edge
              (br_if $done_edge (i32.ge_u (local.get $r) (local.get $rows)))
              (local.set $ap (i32.add (local.get $panel) (i32.shl (local.get $r) (i32.const 2))))
              (local.set $src (i32.add (local.get $a) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rowStep))))
              (block $done_row (loop $loop_row
                (br_if $done_row (i32.ge_u (local.get $ap) (local.get $apEnd)))
                (f32.store (local.get $ap) (f32.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (local.get $colStep)))
                (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
                (br $loop_row)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $loop_edge)))))
      (local.set $panel (local.get $apEnd))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop_pi)))
    (local.set $block (i32.const 0))
    (block $done_block (loop $loop_block
      (br_if $done_block (i32.ge_u (local.get $block) (local.get $strips)))
      (local.set $blockEnd (i32.add (local.get $block) (local.get $stripsPerBlock)))
      (if (i32.gt_u (local.get $blockEnd) (local.get $strips)) (then (local.set $blockEnd (local.get $strips))))
      (local.set $i (local.get $rowBegin))
      (local.set $panel (i32.add (local.get $scratch) (i32.const 256)))
      (block $done_i (loop $loop_i
        (br_if $done_i (i32.ge_u (local.get $i) (local.get $rowEnd)))
        (local.set $rows (i32.sub (local.get $rowEnd) (local.get $i)))
        (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        (local.set $apEnd (i32.add (local.get $panel) (i32.mul (local.get $k) (i32.const 16))))
        (local.set $s (local.get $block))
        (block $done_s (loop $loop_s
          (br_if $done_s (i32.ge_u (local.get $s) (local.get $blockEnd)))
          ;; --- micro-kernel: the 4×8 tile of C for strip s, accumulated over all k ---
          (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
          (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
          (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
          (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
          (local.set $b (i32.add (local.get $bp) (i32.shl (i32.mul (local.get $s) (local.get $k)) (i32.const 5))))
          (local.set $ap (local.get $panel))
          (block $done_p (loop $loop_p
            (br_if $done_p (i32.ge_u (local.get $ap) (local.get $apEnd)))
            (local.set $vb0 (v128.load (local.get $b)))
            (local.set $vb1 (v128.load offset=16 (local.get $b)))
            (local.set $va (v128.load32_splat offset=0 (local.get $ap)))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $va (v128.load32_splat offset=4 (local.get $ap)))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $va (v128.load32_splat offset=8 (local.get $ap)))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $va (v128.load32_splat offset=12 (local.get $ap)))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $va) (local.get $vb0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $va) (local.get $vb1))))
            (local.set $b (i32.add (local.get $b) (i32.const 32)))
            (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
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
              (v128.store offset=0 (local.get $scratch) (local.get $c00))
              (v128.store offset=16 (local.get $scratch) (local.get $c01))
              (v128.store offset=32 (local.get $scratch) (local.get $c10))
              (v128.store offset=48 (local.get $scratch) (local.get $c11))
              (v128.store offset=64 (local.get $scratch) (local.get $c20))
              (v128.store offset=80 (local.get $scratch) (local.get $c21))
              (v128.store offset=96 (local.get $scratch) (local.get $c30))
              (v128.store offset=112 (local.get $scratch) (local.get $c31))
              (local.set $r (i32.const 0))
              (block $done_r (loop $loop_r
                (br_if $done_r (i32.ge_u (local.get $r) (local.get $rows)))
                (memory.copy
                  (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $n)) (i32.const 2)))
                  (i32.add (local.get $scratch) (i32.shl (local.get $r) (i32.const 5)))
                  (i32.shl (local.get $cols) (i32.const 2)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $loop_r)))))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br $loop_s)))
        (local.set $panel (local.get $apEnd))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop_i)))
      (local.set $block (local.get $blockEnd))
      (br $loop_block)))
  )

  ;; ---------------------------------------------------------------------------------------------
  ;; Fused dense-layer kernels and Adam (issue 16): the memory-bound work around the matmuls, four
  ;; lanes at a time, each in one pass. Rows are [rows, cols] row-major; the bias is [cols].

  ;; bias_leaky_relu(x, bias, out, rows, cols, alpha): out = leakyRelu(x + bias, alpha).
  (func (export "bias_leaky_relu") (param $x i32) (param $bias i32) (param $out i32) (param $rows i32) (param $cols i32) (param $alpha f32)
    (local $r i32) (local $c i32) (local $vec i32) (local $va v128) (local $z v128) (local $zs f32)
    (local.set $vec (i32.and (local.get $cols) (i32.const -4)))
    (local.set $va (f32x4.splat (local.get $alpha)))
    (local.set $r (i32.const 0))
    (block $done_r (loop $loop_r
      (br_if $done_r (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $done_v (loop $loop_v
        (br_if $done_v (i32.ge_u (local.get $c) (local.get $vec)))
        (local.set $z (f32x4.add
          (v128.load (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
          (v128.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2))))))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (v128.bitselect (local.get $z) (f32x4.mul (local.get $va) (local.get $z)) (f32x4.gt (local.get $z) (v128.const i32x4 0 0 0 0))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $loop_v)))
      (block $done_c (loop $loop_c
        (br_if $done_c (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $zs (f32.add
          (f32.load (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
          (f32.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2))))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (select (local.get $zs) (f32.mul (local.get $alpha) (local.get $zs)) (f32.gt (local.get $zs) (f32.const 0))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $loop_c)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $out (i32.add (local.get $out) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loop_r)))
  )

  ;; bias_leaky_relu_grad(y, dy, dz, dbias, rows, cols, alpha):
  ;;   dz = y > 0 ? dy : alpha·dy;  dbias[c] = Σ_r dz[r, c], added in row order (as the reference does).
  (func (export "bias_leaky_relu_grad") (param $y i32) (param $dy i32) (param $dz i32) (param $dbias i32) (param $rows i32) (param $cols i32) (param $alpha f32)
    (local $r i32) (local $c i32) (local $vec i32) (local $va v128) (local $g v128) (local $d v128) (local $gs f32) (local $ds f32) (local $at i32)
    (memory.fill (local.get $dbias) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vec (i32.and (local.get $cols) (i32.const -4)))
    (local.set $va (f32x4.splat (local.get $alpha)))
    (local.set $r (i32.const 0))
    (block $done_r (loop $loop_r
      (br_if $done_r (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $done_v (loop $loop_v
        (br_if $done_v (i32.ge_u (local.get $c) (local.get $vec)))
        (local.set $d (v128.load (i32.add (local.get $dy) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $g (v128.bitselect (local.get $d) (f32x4.mul (local.get $va) (local.get $d))
          (f32x4.gt (v128.load (i32.add (local.get $y) (i32.shl (local.get $c) (i32.const 2)))) (v128.const i32x4 0 0 0 0))))
        (v128.store (i32.add (local.get $dz) (i32.shl (local.get $c) (i32.const 2))) (local.get $g))
        (local.set $at (i32.add (local.get $dbias) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at)) (local.get $g)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $loop_v)))
      (block $done_c (loop $loop_c
        (br_if $done_c (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $ds (f32.load (i32.add (local.get $dy) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $gs (select (local.get $ds) (f32.mul (local.get $alpha) (local.get $ds))
          (f32.gt (f32.load (i32.add (local.get $y) (i32.shl (local.get $c) (i32.const 2)))) (f32.const 0))))
        (f32.store (i32.add (local.get $dz) (i32.shl (local.get $c) (i32.const 2))) (local.get $gs))
        (local.set $at (i32.add (local.get $dbias) (i32.shl (local.get $c) (i32.const 2))))
        (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $gs)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $loop_c)))
      (local.set $y (i32.add (local.get $y) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $dy (i32.add (local.get $dy) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $dz (i32.add (local.get $dz) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loop_r)))
  )

  ;; adam(param, grad, m, v, size, lr, beta1, beta2, eps, weightDecay, correction1, correction2), in place:
  ;;   m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  param −= lr·((m / c1) / (√(v / c2) + eps) + wd·param)
  ;; in float32 (the reference computes in float64 and rounds once: the parity suite allows for it).
  (func (export "adam") (param $param i32) (param $grad i32) (param $m i32) (param $v i32) (param $size i32)
    (param $lr f32) (param $beta1 f32) (param $beta2 f32) (param $eps f32) (param $wd f32) (param $c1 f32) (param $c2 f32)
    (local $i i32) (local $vec i32) (local $at i32)
    (local $g v128) (local $mi v128) (local $vi v128) (local $p v128)
    (local $vb1 v128) (local $vb1c v128) (local $vb2 v128) (local $vb2c v128) (local $vlr v128) (local $veps v128) (local $vwd v128) (local $vc1 v128) (local $vc2 v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $ps f32)
    (local.set $vec (i32.and (local.get $size) (i32.const -4)))
    (local.set $vb1 (f32x4.splat (local.get $beta1)))
    (local.set $vb1c (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $vb2 (f32x4.splat (local.get $beta2)))
    (local.set $vb2c (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $vlr (f32x4.splat (local.get $lr)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vwd (f32x4.splat (local.get $wd)))
    (local.set $vc1 (f32x4.splat (local.get $c1)))
    (local.set $vc2 (f32x4.splat (local.get $c2)))
    (local.set $i (i32.const 0))
    (block $done_v (loop $loop_v
      (br_if $done_v (i32.ge_u (local.get $i) (local.get $vec)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $g (v128.load (i32.add (local.get $grad) (local.get $at))))
      (local.set $mi (f32x4.add (f32x4.mul (local.get $vb1) (v128.load (i32.add (local.get $m) (local.get $at)))) (f32x4.mul (local.get $vb1c) (local.get $g))))
      (local.set $vi (f32x4.add (f32x4.mul (local.get $vb2) (v128.load (i32.add (local.get $v) (local.get $at))))
        (f32x4.mul (f32x4.mul (local.get $vb2c) (local.get $g)) (local.get $g))))
      (v128.store (i32.add (local.get $m) (local.get $at)) (local.get $mi))
      (v128.store (i32.add (local.get $v) (local.get $at)) (local.get $vi))
      (local.set $p (v128.load (i32.add (local.get $param) (local.get $at))))
      (v128.store (i32.add (local.get $param) (local.get $at))
        (f32x4.sub (local.get $p) (f32x4.mul (local.get $vlr) (f32x4.add
          (f32x4.div (f32x4.div (local.get $mi) (local.get $vc1)) (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vi) (local.get $vc2))) (local.get $veps)))
          (f32x4.mul (local.get $vwd) (local.get $p))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop_v)))
    (block $done_s (loop $loop_s
      (br_if $done_s (i32.ge_u (local.get $i) (local.get $size)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $grad) (local.get $at))))
      (local.set $ms (f32.add (f32.mul (local.get $beta1) (f32.load (i32.add (local.get $m) (local.get $at)))) (f32.mul (f32.sub (f32.const 1) (local.get $beta1)) (local.get $gs))))
      (local.set $vs (f32.add (f32.mul (local.get $beta2) (f32.load (i32.add (local.get $v) (local.get $at))))
        (f32.mul (f32.mul (f32.sub (f32.const 1) (local.get $beta2)) (local.get $gs)) (local.get $gs))))
      (f32.store (i32.add (local.get $m) (local.get $at)) (local.get $ms))
      (f32.store (i32.add (local.get $v) (local.get $at)) (local.get $vs))
      (local.set $ps (f32.load (i32.add (local.get $param) (local.get $at))))
      (f32.store (i32.add (local.get $param) (local.get $at))
        (f32.sub (local.get $ps) (f32.mul (local.get $lr) (f32.add
          (f32.div (f32.div (local.get $ms) (local.get $c1)) (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
          (f32.mul (local.get $wd) (local.get $ps))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_s)))
  )

  ;; ---------------------------------------------------------------------------------------------
  ;; Element-wise kernels and column copies, four lanes at a time. They round exactly as the scalar
  ;; JavaScript kernels do, so a model trains to the same bits on either: a sum, difference or product
  ;; of two float32s rounds once to float32 in both; where a JavaScript number (a double) multiplies a
  ;; float32 — scale's factor, leaky ReLU's slope — the product is formed in float64 and rounded once,
  ;; as JavaScript does when it stores it into a Float32Array.

  ;; add_f32(a, b, out, size, negate): out = a + b, or a − b when negate is 1 (b's sign flipped
  ;; first: a − b and a + (−b) are the same float32). mul_f32(a, b, out, size): out = a · b.
  (func (export "add_f32") (param $a i32) (param $b i32) (param $out i32) (param $size i32) (param $negate i32)
    (local $end i32) (local $vend i32) (local $sign v128)
    (local.set $sign (i32x4.splat (i32.shl (local.get $negate) (i32.const 31))))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $size) (i32.const 2))))
    (local.set $vend (i32.add (local.get $out) (i32.shl (i32.and (local.get $size) (i32.const -4)) (i32.const 2))))
    (block $done_v (loop $loop_v
      (br_if $done_v (i32.ge_u (local.get $out) (local.get $vend)))
      (v128.store (local.get $out) (f32x4.add (v128.load (local.get $a)) (v128.xor (v128.load (local.get $b)) (local.get $sign))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $loop_v)))
    (block $done_s (loop $loop_s
      (br_if $done_s (i32.ge_u (local.get $out) (local.get $end)))
      (f32.store (local.get $out) (f32.add (f32.load (local.get $a))
        (f32.reinterpret_i32 (i32.xor (i32.load (local.get $b)) (i32x4.extract_lane 0 (local.get $sign))))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $loop_s)))
  )
  (func (export "mul_f32") (param $a i32) (param $b i32) (param $out i32) (param $size i32)
    (local $end i32) (local $vend i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $size) (i32.const 2))))
    (local.set $vend (i32.add (local.get $out) (i32.shl (i32.and (local.get $size) (i32.const -4)) (i32.const 2))))
    (block $done_v (loop $loop_v
      (br_if $done_v (i32.ge_u (local.get $out) (local.get $vend)))
      (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $loop_v)))
    (block $done_s (loop $loop_s
      (br_if $done_s (i32.ge_u (local.get $out) (local.get $end)))
      (f32.store (local.get $out) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $loop_s)))
  )

  ;; times_f64(x, v, out, size, factor, keep): out = keep and x > 0 ? v : v · factor, the product formed in
  ;; float64 (two lanes at a time, written in line: V8 did not inline a helper function, and the scale
  ;; ran at a third of add's speed) and rounded once. keep 0 (x = v): scale; keep 1 (x = v): leaky ReLU;
  ;; keep 1 (x the layer's input, v its gradient): leaky ReLU's gradient. NaN stays NaN.
  (func (export "times_f64") (param $x i32) (param $v i32) (param $out i32) (param $size i32) (param $factor f64) (param $keep i32)
    (local $end i32) (local $vend i32) (local $f v128) (local $d v128) (local $mask v128) (local $s f32)
    (local.set $f (f64x2.splat (local.get $factor)))
    (local.set $mask (i32x4.splat (i32.sub (i32.const 0) (local.get $keep))))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $size) (i32.const 2))))
    (local.set $vend (i32.add (local.get $out) (i32.shl (i32.and (local.get $size) (i32.const -4)) (i32.const 2))))
    (block $done_v (loop $loop_v
      (br_if $done_v (i32.ge_u (local.get $out) (local.get $vend)))
      (local.set $d (v128.load (local.get $v)))
      (v128.store (local.get $out)
        (v128.bitselect (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (local.get $d)) (local.get $f)))
          (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d))) (local.get $f))))
          (v128.and (local.get $mask) (f32x4.gt (v128.load (local.get $x)) (v128.const i32x4 0 0 0 0)))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (br $loop_v)))
    (block $done_s (loop $loop_s
      (br_if $done_s (i32.ge_u (local.get $out) (local.get $end)))
      (local.set $s (f32.load (local.get $v)))
      (f32.store (local.get $out)
        (select (local.get $s) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s)) (local.get $factor)))
          (i32.and (local.get $keep) (f32.gt (f32.load (local.get $x)) (f32.const 0)))))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (local.set $v (i32.add (local.get $v) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $loop_s)))
  )

  ;; copy_columns(src, srcCols, srcStart, dst, dstCols, dstStart, rows, width): for each row r,
  ;;   dst[r, dstStart … dstStart + width) = src[r, srcStart … srcStart + width): concatenation and slicing.
  (func (export "copy_columns") (param $src i32) (param $srcCols i32) (param $srcStart i32)
    (param $dst i32) (param $dstCols i32) (param $dstStart i32) (param $rows i32) (param $width i32)
    (local.set $src (i32.add (local.get $src) (i32.shl (local.get $srcStart) (i32.const 2))))
    (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $dstStart) (i32.const 2))))
    (local.set $width (i32.shl (local.get $width) (i32.const 2)))
    (block $done (loop $row
      (br_if $done (i32.eqz (local.get $rows)))
      (memory.copy (local.get $dst) (local.get $src) (local.get $width))
      (local.set $src (i32.add (local.get $src) (i32.shl (local.get $srcCols) (i32.const 2))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $dstCols) (i32.const 2))))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $row)))
  )
)
