// Thresholds and per-pixel arithmetic.
#pragma once

namespace vc {}  // namespace vc
