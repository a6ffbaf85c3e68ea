// Edges and corners: Canny, Harris, min-eigenvalue, good features to track, sub-pixel refinement.
#pragma once

namespace vc {}  // namespace vc
