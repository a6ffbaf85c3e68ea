// Histograms, equalization, CLAHE, integral images, Otsu and triangle levels.
#pragma once

namespace vc {}  // namespace vc
