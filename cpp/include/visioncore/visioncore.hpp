// Umbrella header: everything robot code needs from visioncore.
#pragma once

#include "visioncore/build_info.hpp"
#include "visioncore/camera.hpp"
#include "visioncore/border.hpp"
#include "visioncore/cancel.hpp"
#include "visioncore/color.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/image.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/morphology.hpp"
#include "visioncore/nonlinear.hpp"
#include "visioncore/parallel.hpp"
#include "visioncore/version.hpp"
