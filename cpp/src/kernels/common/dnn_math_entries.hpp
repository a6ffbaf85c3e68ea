// The named elementwise math kernels (f32_vexp ... f32_vsoftplus) of one ISA
// level and their registration, defined over dnn_math_simd.hpp and the
// level's vector traits `V`: identical text at every level, so it lives
// here once. Included inside `namespace vc::kernels::<isa>` after the
// anonymous namespace that holds `V` and the shared body.

VC_DNN_MATH_ENTRY(exp)
VC_DNN_MATH_ENTRY(log)
VC_DNN_MATH_ENTRY(tanh)
VC_DNN_MATH_ENTRY(erf)
VC_DNN_MATH_ENTRY(sigmoid)
VC_DNN_MATH_ENTRY(swish)
VC_DNN_MATH_ENTRY(mish)
VC_DNN_MATH_ENTRY(softplus)

void register_dnn_math(KernelTable& t) {
  t.f32_vexp = f32_vexp;
  t.f32_vlog = f32_vlog;
  t.f32_vtanh = f32_vtanh;
  t.f32_verf = f32_verf;
  t.f32_vsigmoid = f32_vsigmoid;
  t.f32_vswish = f32_vswish;
  t.f32_vmish = f32_vmish;
  t.f32_vsoftplus = f32_vsoftplus;
}
