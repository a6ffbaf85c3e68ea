// The 16 (source, destination) type pairs of convert_scale and add_weighted:
// VC_ARITH_PAIR(src name, src type, dst name, dst type), defined by the
// includer. No include guard: expanded once per use.
VC_ARITH_PAIR(u8, uint8_t, u8, uint8_t)
VC_ARITH_PAIR(u8, uint8_t, u16, uint16_t)
VC_ARITH_PAIR(u8, uint8_t, s16, int16_t)
VC_ARITH_PAIR(u8, uint8_t, f32, float)
VC_ARITH_PAIR(u16, uint16_t, u8, uint8_t)
VC_ARITH_PAIR(u16, uint16_t, u16, uint16_t)
VC_ARITH_PAIR(u16, uint16_t, s16, int16_t)
VC_ARITH_PAIR(u16, uint16_t, f32, float)
VC_ARITH_PAIR(s16, int16_t, u8, uint8_t)
VC_ARITH_PAIR(s16, int16_t, u16, uint16_t)
VC_ARITH_PAIR(s16, int16_t, s16, int16_t)
VC_ARITH_PAIR(s16, int16_t, f32, float)
VC_ARITH_PAIR(f32, float, u8, uint8_t)
VC_ARITH_PAIR(f32, float, u16, uint16_t)
VC_ARITH_PAIR(f32, float, s16, int16_t)
VC_ARITH_PAIR(f32, float, f32, float)
