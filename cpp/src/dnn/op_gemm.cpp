// Gemm (transA / transB / alpha / beta, bias broadcast) and MatMul. A
// constant B is scaled by alpha, transposed if needed and packed once at
// finalize; the product runs on the packed SGEMM with bias and activation
// fused. A B known only at run time takes the plain reference loops.
#include <algorithm>
#include <cmath>

#include "dnn/gemm.hpp"
#include "dnn/ops_decl.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// C[M x N] = A[M x K] . B[K x N] (row strides lda, ldb), reference loops.
void matmul_ref(const float* a, int64_t lda, const float* b, int64_t ldb, float* c, int64_t m,
                int64_t k, int64_t n) {
  parallel_for(0, m, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(k * n, 1)),
               [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      float* cr = c + i * n;
      std::fill(cr, cr + n, 0.0f);
      for (int64_t p = 0; p < k; ++p) {
        const float av = a[i * lda + p];
        const float* br = b + p * ldb;
        for (int64_t j = 0; j < n; ++j) cr[j] += av * br[j];
      }
    }
  });
}

class GemmOp : public Op {
 public:
  GemmOp(const Graph& g, const GraphNode& n) {
    Attrs a{n};
    alpha_ = a.get_float("alpha", 1.0f);
    beta_ = a.get_float("beta", 1.0f);
    if (!std::isfinite(alpha_)) a.bad("alpha", "must be finite");
    if (!std::isfinite(beta_)) a.bad("beta", "must be finite");
    trans_a_ = a.get_int("transA", 0) != 0;
    trans_b_ = a.get_int("transB", 0) != 0;
    if (n.inputs.size() < 2 || n.inputs[0] < 0 || n.inputs[1] < 0) {
      node_error(n, "inputs 'A' and 'B' are required");
    }
    const HostTensor* b = const_input(g, n, 1);
    if (b) {
      if (b->dtype != onnx::kFloat || b->shape.size() != 2) {
        node_error(n, "input 'B' must be 2-D float32; got shape " + shape_str(b->shape));
      }
      k_ = trans_b_ ? b->shape[1] : b->shape[0];
      n_ = trans_b_ ? b->shape[0] : b->shape[1];
      if (k_ < 1 || n_ < 1) node_error(n, "input 'B' is empty");
      bmat_.resize(static_cast<size_t>(k_ * n_));
      for (int64_t p = 0; p < k_; ++p) {
        for (int64_t j = 0; j < n_; ++j) {
          bmat_[p * n_ + j] = alpha_ * (trans_b_ ? b->f[j * k_ + p] : b->f[p * n_ + j]);
        }
      }
      const_b_ = true;
    }
    if (n.inputs.size() > 2 && n.inputs[2] >= 0) {
      const HostTensor* c = const_input(g, n, 2);
      if (!c) node_error(n, "input 'C' must be a constant (initializer)");
      if (c->dtype != onnx::kFloat || c->shape.size() > 2) {
        node_error(n, "input 'C' must be float32 of rank <= 2");
      }
      c_shape_ = c->shape;
      c_.resize(c->f.size());
      for (size_t i = 0; i < c_.size(); ++i) c_[i] = beta_ * c->f[i];
      has_c_ = true;
    }
  }

  bool fuse_activation(const Epilogue& e) override {
    if (act_.act != Activation::None || !const_b_ || !bias_fusable()) return false;
    act_ = e;
    return true;
  }

  void finalize(const Graph&, const GraphNode&) override {
    if (!const_b_) return;
    finalize_pack();
    if (has_c_ && bias_fusable()) {
      bias_.assign(static_cast<size_t>(n_), 0.0f);
      for (int64_t j = 0; j < n_; ++j) bias_[j] = c_.size() == 1 ? c_[0] : c_[j];
    }
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int threads) override {
    const Shape& a = *in[0].shape;
    if (in[0].dtype != onnx::kFloat || a.size() != 2) {
      op_error(func, "input 'A' must be 2-D float32; got shape " + shape_str(a));
    }
    m_ = trans_a_ ? a[1] : a[0];
    const int64_t ka = trans_a_ ? a[0] : a[1];
    if (!const_b_) {
      const Shape& b = *in[1].shape;
      if (in[1].dtype != onnx::kFloat || b.size() != 2) {
        op_error(func, "input 'B' must be 2-D float32; got shape " + shape_str(b));
      }
      k_ = trans_b_ ? b[1] : b[0];
      n_ = trans_b_ ? b[0] : b[1];
    }
    if (ka != k_) {
      op_error(func, "inner dims differ: 'A' " + shape_str(a) + " has " + std::to_string(ka) +
                         ", 'B' has " + std::to_string(k_));
    }
    Shape o{m_, n_};
    if (has_c_) {
      Shape bc;
      if (!broadcast_shape(o, c_shape_, &bc) || bc != o) {
        op_error(func, "input 'C' of shape " + shape_str(c_shape_) + " does not broadcast to " +
                           shape_str(o));
      }
    }
    out[0] = PlanOut{onnx::kFloat, o};
    if (const_b_ && isa_ != active_isa()) finalize_pack();
    size_t ws = trans_a_ ? static_cast<size_t>(m_ * k_) : 0;
    if (!const_b_) ws += static_cast<size_t>(k_ * n_) + (trans_a_ ? 0 : 0);
    gemm_ws_ = (const_b_ && m_ > 0) ? gemm_packed_b_workspace(m_, packed_, threads) : 0;
    return ws + gemm_ws_;
  }

  void run(const float* const* in, float* const* out, float* ws, size_t ws_n) const override {
    if (m_ == 0) return;
    const float* a = in[0];
    float* y = out[0];
    float* scratch = ws;
    if (trans_a_) {
      for (int64_t p = 0; p < k_; ++p) {
        for (int64_t i = 0; i < m_; ++i) scratch[i * k_ + p] = a[p * m_ + i];
      }
      a = scratch;
      scratch += m_ * k_;
    }
    if (const_b_) {
      GemmEpilogue ep;
      ep.act = act_;
      if (!bias_.empty()) {
        ep.bias = bias_.data();
        ep.bias_mode = BiasMode::PerColumn;
      }
      gemm_packed_b(func, a, m_, k_, packed_, y, n_, ep, scratch,
                    ws_n - static_cast<size_t>(scratch - ws));
      if (has_c_ && bias_.empty()) add_c(y);
      return;
    }
    const float* b = in[1];
    float* bt = scratch;
    for (int64_t p = 0; p < k_; ++p) {
      for (int64_t j = 0; j < n_; ++j) {
        bt[p * n_ + j] = alpha_ * (trans_b_ ? b[j * k_ + p] : b[p * n_ + j]);
      }
    }
    matmul_ref(a, k_, bt, n_, y, m_, k_, n_);
    if (has_c_) add_c(y);
  }

 private:
  void finalize_pack() {
    packed_ = pack_b(func, bmat_.data(), k_, n_, n_, gemm_tile_for(active_isa()));
    isa_ = active_isa();
  }
  bool bias_fusable() const {
    if (!has_c_) return true;
    if (c_.size() == 1) return true;
    return !c_shape_.empty() && c_shape_.back() == n_ && static_cast<int64_t>(c_.size()) == n_;
  }
  void add_c(float* y) const {
    const int64_t r = c_shape_.size() == 2 ? c_shape_[0] : 1;
    const int64_t c = c_shape_.empty() ? 1 : c_shape_.back();
    for (int64_t i = 0; i < m_; ++i) {
      for (int64_t j = 0; j < n_; ++j) {
        y[i * n_ + j] += c_[(r == 1 ? 0 : i) * c + (c == 1 ? 0 : j)];
      }
    }
  }

  float alpha_ = 1.0f, beta_ = 1.0f;
  bool trans_a_ = false, trans_b_ = false, const_b_ = false, has_c_ = false;
  int64_t m_ = 0, k_ = 0, n_ = 0;
  std::vector<float> bmat_, c_, bias_;
  Shape c_shape_;
  PackedMatrix packed_;
  Epilogue act_;
  size_t gemm_ws_ = 0;
  Isa isa_ = Isa::Scalar;  // the level B was packed for
};

class MatMulOp : public Op {
 public:
  MatMulOp(const Graph& g, const GraphNode& n) {
    if (n.inputs.size() != 2 || n.inputs[0] < 0 || n.inputs[1] < 0) {
      node_error(n, "expected inputs 'A' and 'B'");
    }
    // a 1-D constant B of K values is packed as the K x 1 matrix it stands for
    const HostTensor* b = const_input(g, n, 1);
    if (b && b->dtype == onnx::kFloat && (b->shape.size() == 2 || b->shape.size() == 1) &&
        b->shape[0] > 0 && (b->shape.size() == 1 || b->shape[1] > 0)) {
      k_ = b->shape[0];
      n_ = b->shape.size() == 2 ? b->shape[1] : 1;
      bmat_ = b->f;
      const_b_ = true;
    }
  }
  bool fuse_activation(const Epilogue& e) override {
    if (act_.act != Activation::None || !const_b_) return false;
    act_ = e;
    return true;
  }
  void finalize(const Graph&, const GraphNode&) override {
    if (const_b_) repack();
  }
  void repack() {
    packed_ = pack_b(func, bmat_.data(), k_, n_, n_, gemm_tile_for(active_isa()));
    isa_ = active_isa();
  }
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int threads) override {
    if (in[0].dtype != onnx::kFloat || in[1].dtype != onnx::kFloat) {
      op_error(func, "inputs must be float32");
    }
    const Shape& a0 = *in[0].shape;
    const Shape& b0 = *in[1].shape;
    if (a0.empty() || b0.empty()) {
      op_error(func, "scalar operands are not allowed; got " + shape_str(a0) + " and " +
                         shape_str(b0));
    }
    // numpy matmul: a 1-D A is the row [1, K], a 1-D B the column [K, 1];
    // the added dim is removed from the output
    const Shape a = a0.size() == 1 ? Shape{1, a0[0]} : a0;
    const Shape b = b0.size() == 1 ? Shape{b0[0], 1} : b0;
    const int64_t ka = a.back(), kb = b[b.size() - 2];
    if (ka != kb) {
      op_error(func, "inner dims differ: " + shape_str(a0) + " and " + shape_str(b0));
    }
    const Shape abatch(a.begin(), a.end() - 2), bbatch(b.begin(), b.end() - 2);
    if (!broadcast_shape(abatch, bbatch, &batch_)) {
      op_error(func, "batch dims of " + shape_str(a) + " and " + shape_str(b) + " do not broadcast");
    }
    rows_ = a[a.size() - 2];
    k_ = ka;
    n_ = b.back();
    Shape o = batch_;
    if (a0.size() > 1) o.push_back(rows_);
    if (b0.size() > 1) o.push_back(n_);
    out[0] = PlanOut{onnx::kFloat, o};
    a_shape_ = a;
    b_shape_ = b;
    if (const_b_) {
      if (isa_ != active_isa()) repack();
      m_total_ = element_count(a) / std::max<int64_t>(k_, 1);
      return m_total_ > 0 ? gemm_packed_b_workspace(m_total_, packed_, threads) : 0;
    }
    return 0;
  }
  void run(const float* const* in, float* const* out, float* ws, size_t ws_n) const override {
    if (const_b_) {
      if (m_total_ == 0) return;
      GemmEpilogue ep;
      ep.act = act_;
      gemm_packed_b(func, in[0], m_total_, k_, packed_, out[0], n_, ep, ws, ws_n);
      return;
    }
    // batch index -> offsets in A and B with broadcasting
    const int64_t nb = element_count(batch_);
    const size_t r = batch_.size();
    for (int64_t bi = 0; bi < nb; ++bi) {
      int64_t oa = 0, ob = 0, rem = bi, sa = 1, sb = 1;
      for (size_t d = r; d-- > 0;) {
        const int64_t idx = rem % batch_[d];
        rem /= batch_[d];
        const int64_t ad = static_cast<int64_t>(d) - static_cast<int64_t>(r) +
                           static_cast<int64_t>(a_shape_.size()) - 2;
        const int64_t bd = static_cast<int64_t>(d) - static_cast<int64_t>(r) +
                           static_cast<int64_t>(b_shape_.size()) - 2;
        if (ad >= 0) {
          if (a_shape_[ad] != 1) oa += idx * sa;
          sa *= a_shape_[ad];
        }
        if (bd >= 0) {
          if (b_shape_[bd] != 1) ob += idx * sb;
          sb *= b_shape_[bd];
        }
      }
      matmul_ref(in[0] + oa * rows_ * k_, k_, in[1] + ob * k_ * n_, n_,
                 out[0] + bi * rows_ * n_, rows_, k_, n_);
    }
  }

 private:
  bool const_b_ = false;
  int64_t k_ = 0, n_ = 0, rows_ = 0, m_total_ = 0;
  std::vector<float> bmat_;
  PackedMatrix packed_;
  Epilogue act_;
  Shape batch_, a_shape_, b_shape_;
  Isa isa_ = Isa::Scalar;
};

}  // namespace

std::unique_ptr<Op> make_gemm(const Graph& g, const GraphNode& n) {
  // Gemm-1 and -6 have 'broadcast' (C broadcast to M x N when 1; when 0 C
  // must already be M x N, which the broadcasting path computes the same
  // way); it went away at opset 7
  Attrs a{n};
  if (g.opset < 7) {
    a.allow({"alpha", "beta", "broadcast", "transA", "transB"}, g.opset);
    a.get_bool("broadcast", false);
  } else {
    a.allow({"alpha", "beta", "transA", "transB"}, g.opset);
  }
  a.get_bool("transA", false);
  a.get_bool("transB", false);
  return std::make_unique<GemmOp>(g, n);
}
std::unique_ptr<Op> make_matmul(const Graph& g, const GraphNode& n) {
  Attrs{n}.allow({});
  return std::make_unique<MatMulOp>(g, n);
}

}  // namespace vc::dnn
