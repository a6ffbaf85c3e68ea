// Constants for storing three colour planes as packed RGB on x86, shared by
// the camera kernels of every x86 level. Included inside an ISA namespace.
//
// Works per 128-bit lane: a lane holds N = 16 / kEs elements of each plane
// (element size kEs = 1 or 2 bytes) and its RGB output is 3 chunks of 16
// bytes. One pshufb per plane "rotates" the plane so that, in every chunk
// position j, it holds the element that chunk k needs there, where k is the
// only chunk whose position j carries that plane's channel; then chunk k is
// a byte select of the three rotated planes:
//   rotated_c[j]  = plane_c[(N*k + j) / 3]  with k such that (N*k + j) % 3 == c
//   chunk_k[j]    = rotated_{(N*k + j) % 3}[j]
// (N is 16 or 8, both invertible mod 3, so k is unique.) That is 3 shuffles
// and byte selects instead of 9 shuffles.
template <int kEs>
struct RgbStoreMasks {
  alignas(16) uint8_t rotate[3][16];  // [plane][byte]: pshufb control
  alignas(16) uint8_t select[3][16];  // [chunk][byte]: plane feeding that byte
  constexpr RgbStoreMasks() : rotate{}, select{} {
    constexpr int n = 16 / kEs;
    for (int c = 0; c < 3; ++c) {
      for (int j = 0; j < n; ++j) {
        int k = 0;
        while ((n * k + j) % 3 != c) ++k;
        const int src = (n * k + j) / 3;
        for (int b = 0; b < kEs; ++b) rotate[c][j * kEs + b] = static_cast<uint8_t>(src * kEs + b);
      }
    }
    for (int k = 0; k < 3; ++k) {
      for (int j = 0; j < n; ++j) {
        for (int b = 0; b < kEs; ++b)
          select[k][j * kEs + b] = static_cast<uint8_t>((n * k + j) % 3);
      }
    }
  }
};

template <class T>
inline constexpr RgbStoreMasks<sizeof(T)> kRgbStoreMasks{};
