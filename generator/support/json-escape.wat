;; Long strings for the codecs, in WebAssembly with 128-bit SIMD: serde_json's escaping (`escape`) and the
;; lone-surrogate check (`wellFormed`). Source of json-escape-wasm.ts (`npm run build:wasm` compiles it with wabt
;; and embeds the bytes); json-escape.ts calls it.
;;
;; Why: on Node 20 (V8 11.3) JSON.stringify writes a string at ~1.7 ns a character whether or not it escapes
;; anything, and String.prototype.isWellFormed checks ~0.37 ns a character, one at a time. These loops test eight
;; UTF-16 code units a step and move on when none is a control, `"`, `\` or a surrogate, which is nearly all of
;; them in real text, and look at surrogate pairs one unit at a time.
;;
;; Memory (9 pages, never grown): the input's n code units at byte 0; `escape` writes from byte `out` (worst case
;; 6n + 2 units: every unit a `\u00XX`, plus the quotes, and 16 bytes past the end copied ahead), so its callers keep
;; n <= 16384 and out at 32 KB; `wellFormed` reads up to the first 8 pages (n <= 262144); the ninth holds the
;; escape table.
(module
  (memory (export "memory") 9)
  ;; The escape letter of each unit below 0x5d that serde escapes (`b t n f r " \`), 0 for the `\u00XX` ones and
  ;; for units never escaped; in the ninth page, where no input or output reaches.
  (data (i32.const 524288)
    "\00\00\00\00\00\00\00\00\62\74\6e\00\66\72\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"
    "\00\00\22\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00"
    "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\5c")
  ;; escape(n, out): the n UTF-16 code units at byte 0 written as a JSON string, quotes included, at byte `out`,
  ;; as serde_json escapes them: `\"`, `\\`, `\b \t \n \f \r`, other C0 controls as `\u00XX` in lowercase
  ;; hex, everything else raw. Returns the code units written (n + 2 exactly when nothing was escaped), or -1
  ;; when a surrogate is lone (no Rust String can hold it).
  (func (export "escape") (param $n i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $end i32) (local $c i32) (local $d i32) (local $bits i32) (local $v v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 1)))
    (i32.store16 (local.get $out) (i32.const 0x22))
    (local.set $o (i32.add (local.get $out) (i32.const 2)))
    (block $done
      (loop $main
        (if (i32.le_u (i32.add (local.get $i) (i32.const 16)) (local.get $end))
          (then
            ;; Eight units: copied ahead whatever they hold (what follows a unit that needs a look is written again
            ;; from there), then a bit pair per unit that is a control, `"`, `\` or a surrogate.
            (local.set $v (v128.load (local.get $i)))
            (v128.store (local.get $o) (local.get $v))
            (local.set $bits (i8x16.bitmask (v128.or
              (v128.or (i16x8.lt_u (local.get $v) (v128.const i16x8 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20))
                       (i16x8.eq (v128.and (local.get $v) (v128.const i16x8 0xf800 0xf800 0xf800 0xf800 0xf800 0xf800 0xf800 0xf800))
                                 (v128.const i16x8 0xd800 0xd800 0xd800 0xd800 0xd800 0xd800 0xd800 0xd800)))
              (v128.or (i16x8.eq (local.get $v) (v128.const i16x8 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22))
                       (i16x8.eq (local.get $v) (v128.const i16x8 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c))))))
            (if (i32.eqz (local.get $bits))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (br $main)))
            ;; Skip to the first unit that needs a look (its byte offset is the count of trailing zero bits).
            (local.set $d (i32.ctz (local.get $bits)))
            (local.set $i (i32.add (local.get $i) (local.get $d)))
            (local.set $o (i32.add (local.get $o) (local.get $d))))
          (else
            ;; The tail, shorter than eight units: one at a time, plain ones copied here.
            (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $c (i32.load16_u (local.get $i)))
            (if (i32.and
                  (i32.and (i32.ge_u (local.get $c) (i32.const 0x20))
                           (i32.ne (i32.and (local.get $c) (i32.const 0xf800)) (i32.const 0xd800)))
                  (i32.and (i32.ne (local.get $c) (i32.const 0x22)) (i32.ne (local.get $c) (i32.const 0x5c))))
              (then
                (i32.store16 (local.get $o) (local.get $c))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (local.set $o (i32.add (local.get $o) (i32.const 2)))
                (br $main)))))
        ;; The unit at $i needs a look: a surrogate (a pair is copied whole, anything else is lone) or an escape.
        (local.set $c (i32.load16_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (if (i32.eq (i32.and (local.get $c) (i32.const 0xf800)) (i32.const 0xd800))
          (then
            (if (i32.or (i32.ge_u (local.get $c) (i32.const 0xdc00)) (i32.ge_u (local.get $i) (local.get $end)))
              (then (return (i32.const -1))))
            (local.set $d (i32.load16_u (local.get $i)))
            (if (i32.ne (i32.and (local.get $d) (i32.const 0xfc00)) (i32.const 0xdc00))
              (then (return (i32.const -1))))
            (i32.store16 (local.get $o) (local.get $c))
            (i32.store16 offset=2 (local.get $o) (local.get $d))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $main)))
        ;; `\` and the escape's letter from the table, or `\u00XX` where the table holds 0.
        (i32.store16 (local.get $o) (i32.const 0x5c))
        (local.set $d (i32.load8_u offset=524288 (local.get $c)))
        (if (local.get $d)
          (then
            (i32.store16 offset=2 (local.get $o) (local.get $d))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $main)))
        (i32.store16 offset=2 (local.get $o) (i32.const 0x75))
        (i32.store16 offset=4 (local.get $o) (i32.const 0x30))
        (i32.store16 offset=6 (local.get $o) (i32.const 0x30))
        (i32.store16 offset=8 (local.get $o) (i32.add (i32.const 0x30) (i32.shr_u (local.get $c) (i32.const 4))))
        (local.set $d (i32.and (local.get $c) (i32.const 15)))
        (i32.store16 offset=10 (local.get $o)
          (i32.add (local.get $d) (select (i32.const 0x57) (i32.const 0x30) (i32.ge_u (local.get $d) (i32.const 10)))))
        (local.set $o (i32.add (local.get $o) (i32.const 12)))
        (br $main)))
    (i32.store16 (local.get $o) (i32.const 0x22))
    (i32.shr_u (i32.sub (i32.add (local.get $o) (i32.const 2)) (local.get $out)) (i32.const 1)))

  ;; wellFormed(n): 1 when the n UTF-16 code units at byte 0 hold no lone surrogate, else 0. Rust's String cannot
  ;; hold one, so serde refuses it: the strict reader asks this of every long string it reads.
  (func (export "wellFormed") (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $stop i32) (local $c i32) (local $v v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 1)))
    (loop $main
      ;; Eight code units at a time while none is a surrogate.
      (block $slow
        (loop $fast
          (br_if $slow (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $end)))
          (local.set $v (v128.load (local.get $i)))
          (br_if $slow (v128.any_true
            (i16x8.eq (v128.and (local.get $v) (v128.const i16x8 0xf800 0xf800 0xf800 0xf800 0xf800 0xf800 0xf800 0xf800))
                      (v128.const i16x8 0xd800 0xd800 0xd800 0xd800 0xd800 0xd800 0xd800 0xd800))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $fast)))
      ;; One at a time through the block of eight that holds a surrogate (or the tail); a pair is taken whole, so a
      ;; low surrogate met here is lone.
      (local.set $stop (i32.add (local.get $i) (i32.const 16)))
      (if (i32.gt_u (local.get $stop) (local.get $end)) (then (local.set $stop (local.get $end))))
      (block $blockdone
        (loop $slowloop
          (br_if $blockdone (i32.ge_u (local.get $i) (local.get $stop)))
          (local.set $c (i32.load16_u (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (if (i32.eq (i32.and (local.get $c) (i32.const 0xf800)) (i32.const 0xd800))
            (then
              (if (i32.or (i32.ge_u (local.get $c) (i32.const 0xdc00)) (i32.ge_u (local.get $i) (local.get $end)))
                (then (return (i32.const 0))))
              (if (i32.ne (i32.and (i32.load16_u (local.get $i)) (i32.const 0xfc00)) (i32.const 0xdc00))
                (then (return (i32.const 0))))
              (local.set $i (i32.add (local.get $i) (i32.const 2)))))
          (br $slowloop)))
      (br_if $main (i32.lt_u (local.get $i) (local.get $end))))
    (i32.const 1)))
