// Shapes and regions: connected components, contours and their measures, moments, distance transform.
#pragma once

namespace vc {}  // namespace vc
