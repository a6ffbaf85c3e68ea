// Byte-shuffle and lane-permute tables shared by the x86 color kernels.
// Plain constant data (no intrinsics): included inside an ISA namespace and
// loaded there with that ISA's instructions. pshufb semantics: each table of
// 16 bytes acts within one 128-bit lane; index bit 7 set (-128) writes zero.
// Every table is computed by a constexpr function from the layout it
// serves, so the layouts below are the documentation.

constexpr int8_t kZ = -128;  // pshufb "write zero"

// Source byte of RGB -> BGR output byte i (3-channel pixels): R and B trade
// places, G stays.
constexpr int swap_rb3_source(int i) { return i % 3 == 1 ? i : (i % 3 == 0 ? i + 2 : i - 2); }

struct ColorByteMasks {
  // gray -> RGB: 16 gray bytes expand to 48 bytes; part k (0..2) gives output
  // bytes 16k..16k+15 (output byte i repeats gray byte i / 3).
  alignas(16) int8_t gray_to_rgb[3][16];
  // RGB <-> BGR over 48 bytes in three 16-byte registers a, b, c: output
  // register k is the OR of pshufb(src register r, swap3[k][r]) over r.
  alignas(16) int8_t swap3[3][3][16];
  // The same swap for one lane holding 4 pixels in bytes 0..11.
  alignas(16) int8_t swap3_lane[16];
  // RGBA <-> BGRA within each 4-byte pixel.
  alignas(16) int8_t swap4[16];
  // 4-byte pixels -> their first 3 bytes, packed: pack12[j] puts packed
  // byte q (0..11) at position (q + 12 j) mod 16 and zeroes the rest. For
  // 16 pixels in registers j = 0..3, the 48 output bytes are then the word
  // blends (j0, j1: words 6-7 from j1), (j1, j2: words 4-7 from j2),
  // (j2, j3: words 2-7 from j3). Used by RGBA -> RGB and by the HSV kernels
  // (one result pixel in the low 3 bytes of each dword).
  alignas(16) int8_t pack12[4][16];
  // RGB -> RGBA: 4 pixels from bytes 0..11 to 4-byte slots, byte 3 zeroed.
  alignas(16) int8_t add4[16];

  constexpr ColorByteMasks() : gray_to_rgb{}, swap3{}, swap3_lane{}, swap4{}, pack12{}, add4{} {
    for (int k = 0; k < 3; ++k) {
      for (int i = 0; i < 16; ++i) gray_to_rgb[k][i] = static_cast<int8_t>((16 * k + i) / 3);
    }
    for (int k = 0; k < 3; ++k) {
      for (int r = 0; r < 3; ++r) {
        for (int i = 0; i < 16; ++i) {
          const int from = swap_rb3_source(16 * k + i) - 16 * r;
          swap3[k][r][i] = from >= 0 && from < 16 ? static_cast<int8_t>(from) : kZ;
        }
      }
    }
    for (int i = 0; i < 16; ++i) {
      swap3_lane[i] = static_cast<int8_t>(i < 12 ? swap_rb3_source(i) : i);
      swap4[i] = static_cast<int8_t>(i % 4 == 3 || i % 4 == 1 ? i : (i % 4 == 0 ? i + 2 : i - 2));
      add4[i] = i % 4 == 3 ? kZ : static_cast<int8_t>(3 * (i / 4) + i % 4);
    }
    for (int j = 0; j < 4; ++j) {
      for (int i = 0; i < 16; ++i) pack12[j][i] = kZ;
      for (int q = 0; q < 12; ++q)
        pack12[j][(q + 12 * j) % 16] = static_cast<int8_t>(4 * (q / 3) + q % 3);
    }
  }
};
inline constexpr ColorByteMasks kColorMasks{};

// Per-channel unpack for 4 pixels of `scn` (3 or 4) channels starting at
// byte 0 of a lane: channel c of pixel k goes to the low byte of dword k.
struct ChannelUnpackMasks {
  alignas(16) int8_t ch[3][16];
  explicit ChannelUnpackMasks(int scn) {
    for (int c = 0; c < 3; ++c) {
      for (int i = 0; i < 16; ++i)
        ch[c][i] = i % 4 == 0 ? static_cast<int8_t>((i / 4) * scn + c) : kZ;
    }
  }
};

// Cross-lane index tables of the AVX-512 kernels (vpermt2d / vpermt2ps:
// index i < 16 picks from the first source, the rest from the second).
struct ColorLanePermutes {
  // 16-pixel groups k = 0..3 holding 12 useful bytes per lane (dwords 0..2)
  // -> 192 packed bytes: output zmm j from groups j and j + 1 (RGBA -> RGB,
  // HSV results).
  alignas(64) uint32_t pack_compact[3][16];
  // 192 bytes of 3-byte pixels in Z0..Z2 -> group k of 16 pixels as four
  // lanes of 4 pixels in dwords 0..2, from (Z0, Z1), (Z0, Z1), (Z1, Z2),
  // (Z2, Z2) (RGB -> RGBA, HSV inputs).
  alignas(64) uint32_t rgb_expand[4][16];
  // 16 float pixels of 3 channels in Z0..Z2 (48 floats) <-> three planes.
  // Split: plane c lane p = float 3p + c: vpermt2ps from (Z0, Z1) for
  // 3p + c < 32, then a masked vpermps from Z2 for the rest. Merge: output
  // zmm j lane q = float 16j + q = plane (16j + q) % 3, lane (16j + q) / 3:
  // vpermt2ps from (plane 0, plane 1), then a masked vpermps from plane 2.
  alignas(64) uint32_t f32_split_lo[3][16];
  alignas(64) uint32_t f32_split_hi[3][16];
  alignas(64) uint32_t f32_merge_lo[3][16];
  alignas(64) uint32_t f32_merge_hi[3][16];
  uint16_t f32_split_hi_mask[3];
  uint16_t f32_merge_hi_mask[3];

  constexpr ColorLanePermutes()
      : pack_compact{},
        rgb_expand{},
        f32_split_lo{},
        f32_split_hi{},
        f32_merge_lo{},
        f32_merge_hi{},
        f32_split_hi_mask{},
        f32_merge_hi_mask{} {
    constexpr int first[4] = {0, 0, 1, 2};  // first source zmm of group k
    for (int k = 0; k < 4; ++k) {
      for (int l = 0; l < 4; ++l) {
        for (int i = 0; i < 4; ++i) {
          rgb_expand[k][4 * l + i] =
              static_cast<uint32_t>((12 * k + 3 * l + (i < 3 ? i : 2) - 16 * first[k]) & 31);
        }
      }
    }
    for (int j = 0; j < 3; ++j) {
      for (int u = 0; u < 16; ++u) {
        const int byte = 64 * j + 4 * u;
        const int k = byte / 48, q = (byte % 48) / 4;
        pack_compact[j][u] = static_cast<uint32_t>((k == j ? 0 : 16) + 4 * (q / 3) + q % 3);
      }
    }
    for (int c = 0; c < 3; ++c) {
      for (int p = 0; p < 16; ++p) {
        const int e = 3 * p + c;
        f32_split_lo[c][p] = static_cast<uint32_t>(e < 32 ? e : 0);
        f32_split_hi[c][p] = static_cast<uint32_t>(e < 32 ? 0 : e - 32);
        if (e >= 32) f32_split_hi_mask[c] = static_cast<uint16_t>(f32_split_hi_mask[c] | (1u << p));
      }
    }
    for (int j = 0; j < 3; ++j) {
      for (int q = 0; q < 16; ++q) {
        const int e = 16 * j + q, plane = e % 3, lane = e / 3;
        f32_merge_lo[j][q] = static_cast<uint32_t>(plane == 0 ? lane : plane == 1 ? 16 + lane : 0);
        f32_merge_hi[j][q] = static_cast<uint32_t>(plane == 2 ? lane : 0);
        if (plane == 2)
          f32_merge_hi_mask[j] = static_cast<uint16_t>(f32_merge_hi_mask[j] | (1u << q));
      }
    }
  }
};
inline constexpr ColorLanePermutes kColorPermutes{};
