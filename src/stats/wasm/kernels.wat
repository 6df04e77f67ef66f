;; SIMD kernels for the LASSO solver (src/stats/lasso.ts), assembled by scripts/build-wasm.ts into
;; kernels.generated.ts. Every argument named like an array is an element offset (f64 units; i32
;; units for `list`) into the exported memory. Each kernel performs the same floating-point
;; operations in the same order as its JavaScript twin in src/stats/wasm/kernels.ts, so both give
;; bit-identical results (tested in kernels.test.ts): f64x2 lanes hold partial sums that the
;; scalar code keeps in separate variables (s0/s1 and s2/s3), never a re-associated sum, and there
;; is no fused multiply-add. Kernels whose JavaScript twin sums sequentially stay scalar here.
(module
  (memory (export "memory") 16)

  ;; Σ a_i b_i with four partial sums s0..s3 (lanes of acc0, acc1), returned as s0 + s1 + (s2 + s3);
  ;; the tail (n mod 4 elements) goes into s0, as dotAt does.
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $acc0 v128) (local $acc1 v128) (local $i i32) (local $end i32) (local $s0 f64)
    (local $pa i32) (local $pb i32)
    (local.set $a (i32.shl (local.get $a) (i32.const 3)))
    (local.set $b (i32.shl (local.get $b) (i32.const 3)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $acc0 (f64x2.add (local.get $acc0)
          (f64x2.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
        (local.set $acc1 (f64x2.add (local.get $acc1)
          (f64x2.mul (v128.load offset=16 (local.get $pa)) (v128.load offset=16 (local.get $pb)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $l)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $acc0)))
    (block $done2
      (loop $t
        (br_if $done2 (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $t)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $acc0)))
      (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1)))))

  ;; r_i ← r_i − (w_i·x_i)·d for the pending column x (offset xp), then Σ y_i r_i for the next
  ;; column y (offset xo), four partial sums as $dot.
  (func (export "updateThenDot") (param $xp i32) (param $d f64) (param $w i32) (param $r i32) (param $xo i32) (param $n i32) (result f64)
    (local $acc0 v128) (local $acc1 v128) (local $dv v128) (local $rv v128) (local $i i32) (local $end i32) (local $s0 f64) (local $ri f64)
    (local $o i32)
    (local.set $xp (i32.shl (local.get $xp) (i32.const 3)))
    (local.set $w (i32.shl (local.get $w) (i32.const 3)))
    (local.set $r (i32.shl (local.get $r) (i32.const 3)))
    (local.set $xo (i32.shl (local.get $xo) (i32.const 3)))
    (local.set $dv (f64x2.splat (local.get $d)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $rv (f64x2.sub (v128.load (i32.add (local.get $r) (local.get $o)))
          (f64x2.mul (f64x2.mul (v128.load (i32.add (local.get $w) (local.get $o))) (v128.load (i32.add (local.get $xp) (local.get $o)))) (local.get $dv))))
        (v128.store (i32.add (local.get $r) (local.get $o)) (local.get $rv))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (v128.load (i32.add (local.get $xo) (local.get $o))) (local.get $rv))))
        (local.set $rv (f64x2.sub (v128.load offset=16 (i32.add (local.get $r) (local.get $o)))
          (f64x2.mul (f64x2.mul (v128.load offset=16 (i32.add (local.get $w) (local.get $o))) (v128.load offset=16 (i32.add (local.get $xp) (local.get $o)))) (local.get $dv))))
        (v128.store offset=16 (i32.add (local.get $r) (local.get $o)) (local.get $rv))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (v128.load offset=16 (i32.add (local.get $xo) (local.get $o))) (local.get $rv))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $l)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $acc0)))
    (block $done2
      (loop $t
        (br_if $done2 (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $ri (f64.sub (f64.load (i32.add (local.get $r) (local.get $o)))
          (f64.mul (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (f64.load (i32.add (local.get $xp) (local.get $o)))) (local.get $d))))
        (f64.store (i32.add (local.get $r) (local.get $o)) (local.get $ri))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (i32.add (local.get $xo) (local.get $o))) (local.get $ri))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $t)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $acc0)))
      (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1)))))

  ;; r_i ← r_i − w_i·d (the intercept's pending step), then Σ x_i r_i, summed in order (scalar).
  (func (export "updateConstThenDot") (param $d f64) (param $w i32) (param $r i32) (param $xo i32) (param $n i32) (result f64)
    (local $i i32) (local $o i32) (local $s f64) (local $ri f64)
    (local.set $w (i32.shl (local.get $w) (i32.const 3)))
    (local.set $r (i32.shl (local.get $r) (i32.const 3)))
    (local.set $xo (i32.shl (local.get $xo) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $ri (f64.sub (f64.load (i32.add (local.get $r) (local.get $o)))
          (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $d))))
        (f64.store (i32.add (local.get $r) (local.get $o)) (local.get $ri))
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (i32.add (local.get $xo) (local.get $o))) (local.get $ri))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; Σ r_i in order (scalar).
  (func (export "sum") (param $r i32) (param $n i32) (result f64)
    (local $i i32) (local $s f64)
    (local.set $r (i32.shl (local.get $r) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $r) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; r_i ← r_i − w_i·d, returning Σ r_i in order (scalar).
  (func (export "updateConstThenSum") (param $d f64) (param $w i32) (param $r i32) (param $n i32) (result f64)
    (local $i i32) (local $o i32) (local $s f64) (local $ri f64)
    (local.set $w (i32.shl (local.get $w) (i32.const 3)))
    (local.set $r (i32.shl (local.get $r) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $ri (f64.sub (f64.load (i32.add (local.get $r) (local.get $o)))
          (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $d))))
        (f64.store (i32.add (local.get $r) (local.get $o)) (local.get $ri))
        (local.set $s (f64.add (local.get $s) (local.get $ri)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; r_i ← r_i − (w_i·x_i)·d, returning Σ r_i in order (scalar).
  (func (export "updateThenSum") (param $xp i32) (param $d f64) (param $w i32) (param $r i32) (param $n i32) (result f64)
    (local $i i32) (local $o i32) (local $s f64) (local $ri f64)
    (local.set $xp (i32.shl (local.get $xp) (i32.const 3)))
    (local.set $w (i32.shl (local.get $w) (i32.const 3)))
    (local.set $r (i32.shl (local.get $r) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $ri (f64.sub (f64.load (i32.add (local.get $r) (local.get $o)))
          (f64.mul (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (f64.load (i32.add (local.get $xp) (local.get $o)))) (local.get $d))))
        (f64.store (i32.add (local.get $r) (local.get $o)) (local.get $ri))
        (local.set $s (f64.add (local.get $s) (local.get $ri)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; Σ (w_i·x_i)·x_i in order (scalar).
  (func (export "weightedSquares") (param $w i32) (param $x i32) (param $n i32) (result f64)
    (local $i i32) (local $o i32) (local $s f64) (local $v f64)
    (local.set $w (i32.shl (local.get $w) (i32.const 3)))
    (local.set $x (i32.shl (local.get $x) (i32.const 3)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $v (f64.load (i32.add (local.get $x) (local.get $o))))
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.mul (f64.load (i32.add (local.get $w) (local.get $o))) (local.get $v)) (local.get $v))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $s))

  ;; For the columns list[0..cnt) of the column-major matrix at xs (n rows): out[k] = x_jᵀ r.
  ;; Consecutive columns are taken in pairs, each with two partial sums (even and odd rows; lanes of
  ;; one f64x2), the odd row of an odd n into the even sum, returned as even + odd; a last unpaired
  ;; column uses $dot (four partial sums).
  (func (export "columnDots") (param $xs i32) (param $r i32) (param $n i32) (param $list i32) (param $cnt i32) (param $out i32)
    (local $k i32) (local $pa i32) (local $pb i32) (local $rb i32) (local $i i32) (local $end i32) (local $o i32)
    (local $accA v128) (local $accB v128) (local $rv v128) (local $a0 f64) (local $b0 f64) (local $ri f64)
    (local.set $rb (i32.shl (local.get $r) (i32.const 3)))
    (local.set $list (i32.shl (local.get $list) (i32.const 2)))
    (local.set $out (i32.shl (local.get $out) (i32.const 3)))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $pairsDone
      (loop $pairs
        (br_if $pairsDone (i32.ge_s (i32.add (local.get $k) (i32.const 1)) (local.get $cnt)))
        (local.set $pa (i32.shl (i32.add (local.get $xs) (i32.mul (i32.load (i32.add (local.get $list) (i32.shl (local.get $k) (i32.const 2)))) (local.get $n))) (i32.const 3)))
        (local.set $pb (i32.shl (i32.add (local.get $xs) (i32.mul (i32.load offset=4 (i32.add (local.get $list) (i32.shl (local.get $k) (i32.const 2)))) (local.get $n))) (i32.const 3)))
        (local.set $accA (f64x2.splat (f64.const 0)))
        (local.set $accB (f64x2.splat (f64.const 0)))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_s (local.get $i) (local.get $end)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $rv (v128.load (i32.add (local.get $rb) (local.get $o))))
            (local.set $accA (f64x2.add (local.get $accA) (f64x2.mul (v128.load (i32.add (local.get $pa) (local.get $o))) (local.get $rv))))
            (local.set $accB (f64x2.add (local.get $accB) (f64x2.mul (v128.load (i32.add (local.get $pb) (local.get $o))) (local.get $rv))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $rows)))
        (local.set $a0 (f64x2.extract_lane 0 (local.get $accA)))
        (local.set $b0 (f64x2.extract_lane 0 (local.get $accB)))
        (if (i32.lt_s (local.get $i) (local.get $n))
          (then
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $ri (f64.load (i32.add (local.get $rb) (local.get $o))))
            (local.set $a0 (f64.add (local.get $a0) (f64.mul (f64.load (i32.add (local.get $pa) (local.get $o))) (local.get $ri))))
            (local.set $b0 (f64.add (local.get $b0) (f64.mul (f64.load (i32.add (local.get $pb) (local.get $o))) (local.get $ri))))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.add (local.get $a0) (f64x2.extract_lane 1 (local.get $accA))))
        (f64.store offset=8 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (f64.add (local.get $b0) (f64x2.extract_lane 1 (local.get $accB))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_s (local.get $k) (local.get $cnt))
      (then
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
          (call $dot
            (i32.add (local.get $xs) (i32.mul (i32.load (i32.add (local.get $list) (i32.shl (local.get $k) (i32.const 2)))) (local.get $n)))
            (local.get $r) (local.get $n))))))

  ;; eta_i ← eta_i + x0_i·c0 + x1_i·c1 + (x2_i·c2 + x3_i·c3), elementwise (two rows per step).
  (func (export "addFourColumns") (param $eta i32) (param $x0 i32) (param $c0 f64) (param $x1 i32) (param $c1 f64)
      (param $x2 i32) (param $c2 f64) (param $x3 i32) (param $c3 f64) (param $n i32)
    (local $i i32) (local $o i32) (local $end i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $eta (i32.shl (local.get $eta) (i32.const 3)))
    (local.set $x0 (i32.shl (local.get $x0) (i32.const 3)))
    (local.set $x1 (i32.shl (local.get $x1) (i32.const 3)))
    (local.set $x2 (i32.shl (local.get $x2) (i32.const 3)))
    (local.set $x3 (i32.shl (local.get $x3) (i32.const 3)))
    (local.set $v0 (f64x2.splat (local.get $c0)))
    (local.set $v1 (f64x2.splat (local.get $c1)))
    (local.set $v2 (f64x2.splat (local.get $c2)))
    (local.set $v3 (f64x2.splat (local.get $c3)))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (v128.store (i32.add (local.get $eta) (local.get $o))
          (f64x2.add
            (f64x2.add
              (f64x2.add (v128.load (i32.add (local.get $eta) (local.get $o)))
                (f64x2.mul (v128.load (i32.add (local.get $x0) (local.get $o))) (local.get $v0)))
              (f64x2.mul (v128.load (i32.add (local.get $x1) (local.get $o))) (local.get $v1)))
            (f64x2.add
              (f64x2.mul (v128.load (i32.add (local.get $x2) (local.get $o))) (local.get $v2))
              (f64x2.mul (v128.load (i32.add (local.get $x3) (local.get $o))) (local.get $v3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $l)))
    (if (i32.lt_s (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (f64.store (i32.add (local.get $eta) (local.get $o))
          (f64.add
            (f64.add
              (f64.add (f64.load (i32.add (local.get $eta) (local.get $o)))
                (f64.mul (f64.load (i32.add (local.get $x0) (local.get $o))) (local.get $c0)))
              (f64.mul (f64.load (i32.add (local.get $x1) (local.get $o))) (local.get $c1)))
            (f64.add
              (f64.mul (f64.load (i32.add (local.get $x2) (local.get $o))) (local.get $c2))
              (f64.mul (f64.load (i32.add (local.get $x3) (local.get $o))) (local.get $c3))))))))

  ;; eta_i ← eta_i + x_i·c, elementwise (two rows per step).
  (func (export "addColumn") (param $eta i32) (param $x i32) (param $c f64) (param $n i32)
    (local $i i32) (local $o i32) (local $end i32) (local $cv v128)
    (local.set $eta (i32.shl (local.get $eta) (i32.const 3)))
    (local.set $x (i32.shl (local.get $x) (i32.const 3)))
    (local.set $cv (f64x2.splat (local.get $c)))
    (local.set $end (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (v128.store (i32.add (local.get $eta) (local.get $o))
          (f64x2.add (v128.load (i32.add (local.get $eta) (local.get $o)))
            (f64x2.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $cv))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $l)))
    (if (i32.lt_s (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (f64.store (i32.add (local.get $eta) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $eta) (local.get $o)))
            (f64.mul (f64.load (i32.add (local.get $x) (local.get $o))) (local.get $c)))))))
)
