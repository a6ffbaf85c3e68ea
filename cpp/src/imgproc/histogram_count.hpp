// Internal: threaded per-channel level counts shared by histogram,
// equalize_hist, clahe and the Otsu/triangle levels.
#pragma once

#include <cstdint>
#include <vector>

#include "visioncore/image.hpp"

namespace vc::detail {

// Exact counts of every level of a U8 (256 levels) or U16 (65536 levels)
// image, per channel: result[c * levels + v]; only where mask (empty or U8
// 1-channel of src's size) is nonzero. Rows are split into blocks counted
// in parallel and summed, so the result does not depend on the thread count.
std::vector<uint64_t> count_levels(const ConstImageView& src, const ConstImageView& mask);

// Throws unless mask is empty or a U8 1-channel image of src's size.
void check_mask(const char* func, const ConstImageView& src, const ConstImageView& mask);

}  // namespace vc::detail
