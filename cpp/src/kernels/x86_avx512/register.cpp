// Registers this ISA's kernels, one family at a time: each family file
// registers what it implements at this level (possibly nothing).
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"

void register_color(KernelTable& t);
void register_camera(KernelTable& t);
void register_filter(KernelTable& t);
void register_morph(KernelTable& t);
void register_nonlinear(KernelTable& t);
void register_geometry(KernelTable& t);
void register_hist(KernelTable& t);
void register_arith(KernelTable& t);
void register_edges(KernelTable& t);
void register_shapes(KernelTable& t);
void register_dnn(KernelTable& t);
void register_keypoints(KernelTable& t);
void register_templ(KernelTable& t);
void register_dnn_math(KernelTable& t);

void register_kernels(KernelTable& t) {
  register_color(t);
  register_camera(t);
  register_filter(t);
  register_morph(t);
  register_nonlinear(t);
  register_geometry(t);
  register_hist(t);
  register_arith(t);
  register_edges(t);
  register_shapes(t);
  register_dnn(t);
  register_keypoints(t);
  register_templ(t);
  register_dnn_math(t);
}

}  // namespace vc::kernels::avx512
