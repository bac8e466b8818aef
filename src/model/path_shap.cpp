// Exact TreeSHAP by leaf paths: the values of Lundberg et al.'s algorithm 2 (and of
// XGBoost's pred_contribs), computed leaf by leaf instead of by recursion.
//
// For one leaf with value v, let P be the d distinct features on its path, z_k the share
// of the training cover that follows the path's splits on feature k, and S the features
// whose splits the row itself follows (missing values take the default branch). With
// features in U fixed to the row's values the leaf is reached with weight
// prod_{k in U} [k in S] * prod_{k in P\U} z_k, so its Shapley values are
//
//   k not in S:  phi_k -= prod_{j in P\S} z_j * H(S)
//   k in S:      phi_k += (1 - z_k) * prod_{j in P\S} z_j * H(S \ {k})
//   H(M) = v * sum_u w_d(u) e_{|M|-u}(z_M),   w_d(u) = u! (d-1-u)! / d!
//
// where e_m is the m-th elementary symmetric polynomial. Per row and tree this costs one
// pass over the splits (which slots of each leaf the row agrees with, as bit masks) and,
// per leaf, O(d) with the subset table of leaf_paths.cpp or O(d^2) without; XGBoost's
// recursion spends O(d) per node plus O(d^2) divisions per leaf. Arithmetic is in
// double; results match XGBoost's float recursion to float rounding.
//
// Each tree is summed over its own features first and then added to the row, so a tree
// gives a row the same doubles whether they are computed or found in the pattern memo
// (below): results do not depend on the memo, the batch size or the thread count.
#include <algorithm>
#include <array>
#include <bit>

#include "model/flat_forest.h"

namespace attrition::model {
namespace {

constexpr int kMaxPath = 64;

// Leaf contributions go to `phi` at the path's slot indices `index` (the tree-local
// feature indices of FlatForest::path_local).

// Adds one leaf's contributions, from its table, for a row that agrees with the path on
// the slots in `mask`. Branch-free over the slots: which ones agree is data, not code.
inline void AddTabledLeaf(const FlatForest& forest, const LeafPath& path, uint64_t mask,
                          double* phi) {
  const int d = static_cast<int>(path.length);
  const uint16_t* index = forest.path_local.data() + path.offset;
  const double* ratio = forest.path_ratio.data() + path.offset;
  const float* table = forest.leaf_table.data() + path.table;
  const uint64_t agree = mask & ((uint64_t{1} << d) - 1);
  const uint64_t disagree_bits = std::bit_cast<uint64_t>(-static_cast<double>(table[agree]));
  for (int k = 0; k < d; ++k) {
    const uint64_t agree_bits =
        std::bit_cast<uint64_t>(ratio[k] * table[agree ^ (uint64_t{1} << k)]);
    // All ones when slot k agrees: a select on bits, which compilers keep branch-free.
    const uint64_t select = uint64_t{0} - ((agree >> k) & 1);
    phi[index[k]] += std::bit_cast<double>((agree_bits & select) | (disagree_bits & ~select));
  }
}

// The same from the leaf's precomputed values (leaf_contrib): one load and add per slot.
inline void AddContribLeaf(const FlatForest& forest, const LeafPath& path, uint64_t mask,
                           double* phi) {
  const uint32_t d = path.length;
  const uint16_t* index = forest.path_local.data() + path.offset;
  const uint64_t agree = mask & ((uint64_t{1} << d) - 1);
  const double* add = forest.leaf_contrib.data() + path.contrib + agree * d;
  for (uint32_t k = 0; k < d; ++k) phi[index[k]] += add[k];
}

// The same without a table: O(d^2) per leaf.
void AddDirectLeaf(const FlatForest& forest, const LeafPath& path, uint64_t mask, double* phi) {
  const int d = static_cast<int>(path.length);
  if (d == 0) return;
  const double* z = forest.path_zero.data() + path.offset;
  const uint16_t* feature = forest.path_local.data() + path.offset;
  const double* w = ShapleyWeights(d);
  std::array<double, kMaxPath + 1> e;  // e_j(z_S), j = 0..m
  e[0] = 1;
  int m = 0;
  double outside = path.value;  // v * prod of z over the slots the row disagrees with
  for (int k = 0; k < d; ++k) {
    if ((mask >> k) & 1) {
      e[++m] = 0;
      for (int j = m; j > 0; --j) e[j] += z[k] * e[j - 1];
    } else {
      outside *= z[k];
    }
  }
  if (m < d) {
    double h = 0;
    for (int u = 0; u <= m; ++u) h += w[u] * e[m - u];
    for (int k = 0; k < d; ++k) {
      if (!((mask >> k) & 1)) phi[feature[k]] -= outside * h;
    }
  }
  for (int k = 0; k < d; ++k) {
    if (!((mask >> k) & 1)) continue;
    double g = 1, h = w[m - 1];  // g_j = e_j(z_{S\k}), by dividing out (1 + z_k t)
    for (int j = 1; j < m; ++j) {
      g = e[j] - z[k] * g;
      h += g * w[m - 1 - j];
    }
    phi[feature[k]] += (1 - z[k]) * outside * h;
  }
}

// Which slots of each leaf's path the row agrees with: a mask per node, narrowed at each
// split for the branch the row does not take.
inline void ComputeMasks(const ShapSplit* split, const ShapSplit* end, const float* row,
                         uint64_t* masks) {
  masks[0] = ~uint64_t{0};
  for (; split != end; ++split) {
    const bool left =
        GoesLeft(row[split->feature & FlatNode::kFeatureMask], split->value, split->feature);
    const uint64_t mask = masks[split->self];
    const uint64_t narrowed = mask & ~(uint64_t{1} << split->slot);
    masks[split->left] = left ? mask : narrowed;
    masks[split->left + 1] = left ? narrowed : mask;
  }
}

// One tree's contributions to one row, over the tree's own features, into `acc`
// (zeroed here): leaf by leaf, in leaf order.
void TreeContributions(const FlatForest& forest, size_t t, const float* row, double* acc,
                       uint64_t* masks) {
  const ShapSplit* splits = forest.shap_splits.data() + forest.split_begin[t];
  const ShapSplit* splits_end = forest.shap_splits.data() + forest.split_begin[t + 1];
  const LeafPath* leaves = forest.leaf_paths.data() + forest.leaf_begin[t];
  const size_t leaf_count = forest.leaf_begin[t + 1] - forest.leaf_begin[t];
  std::fill_n(acc, forest.tree_feature_begin[t + 1] - forest.tree_feature_begin[t], 0.0);
  ComputeMasks(splits, splits_end, row, masks);
  for (size_t l = 0; l < leaf_count; ++l) {
    const LeafPath& leaf = leaves[l];
    if (leaf.contrib >= 0) {
      AddContribLeaf(forest, leaf, masks[leaf.node], acc);
    } else if (leaf.table >= 0) {
      AddTabledLeaf(forest, leaf, masks[leaf.node], acc);
    } else {
      AddDirectLeaf(forest, leaf, masks[leaf.node], acc);
    }
  }
}

// --- The pattern memo -------------------------------------------------------------
//
// Rows that take the same side of every split of a tree get the same contributions from
// it. On generated data at 100k customers a tree of ~27 splits sees ~11k distinct
// patterns in 300k rows (a 96% hit rate), and a lookup costs a fraction of the leaf
// walk (which adds ~5 values for each of ~28 leaves). Trees whose patterns rarely
// repeat (deep trees) switch their memo off after a trial.

// Trees with more splits than this are not memoized: their patterns hardly repeat.
constexpr uint32_t kMaxMemoSplits = 256;
constexpr size_t kInitialSlots = 1024;
// After this many lookups a tree's memo stays on only with at least kMinHitRate hits.
constexpr uint64_t kTrialLookups = 4096;
constexpr double kMinHitRate = 0.3;

size_t MemoBytes(const TreePatternMemo& m) {
  return m.keys.capacity() * sizeof(uint64_t) + m.entry.capacity() * sizeof(uint32_t) +
         m.values.capacity() * sizeof(float);
}

void ResetMemo(const FlatForest& forest, ShapMemoState& state) {
  state.forest = &forest;
  state.bytes = 0;
  state.trees.assign(forest.roots.size(), {});
  for (size_t t = 0; t < forest.roots.size(); ++t) {
    const uint32_t splits = forest.split_begin[t + 1] - forest.split_begin[t];
    TreePatternMemo& m = state.trees[t];
    if (splits == 0 || splits > kMaxMemoSplits) continue;
    m.words = static_cast<int>((splits + 63) / 64);
    m.features = forest.tree_feature_begin[t + 1] - forest.tree_feature_begin[t];
  }
}

// The row's split outcomes in tree t, one bit per split in split order.
inline void Pattern(const FlatForest& forest, size_t t, const float* row, int words,
                    uint64_t* key) {
  const ShapSplit* split = forest.shap_splits.data() + forest.split_begin[t];
  const uint32_t count = forest.split_begin[t + 1] - forest.split_begin[t];
  std::fill_n(key, words, 0);
  for (uint32_t i = 0; i < count; ++i, ++split) {
    const uint64_t left =
        GoesLeft(row[split->feature & FlatNode::kFeatureMask], split->value, split->feature);
    key[i >> 6] |= left << (i & 63);
  }
}

// splitmix64's finalizer over the words: every key bit reaches the low bits the table
// indexes with (a bare multiply would leave them depending on the low key bits only).
inline size_t Hash(const uint64_t* key, int words) {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  for (int w = 0; w < words; ++w) {
    h ^= key[w];
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
    h ^= h >> 31;
  }
  return static_cast<size_t>(h);
}

// The slot holding `key`, or the empty slot where it belongs.
inline size_t Probe(const TreePatternMemo& m, const uint64_t* key) {
  const size_t mask = m.entry.size() - 1;
  for (size_t slot = Hash(key, m.words) & mask;; slot = (slot + 1) & mask) {
    if (m.entry[slot] == 0 ||
        std::equal(key, key + m.words, m.keys.data() + slot * m.words)) {
      return slot;
    }
  }
}

void Rehash(TreePatternMemo& m, size_t slots) {
  std::vector<uint64_t> keys(slots * m.words);
  std::vector<uint32_t> entry(slots, 0);
  keys.swap(m.keys);
  entry.swap(m.entry);
  for (size_t slot = 0; slot < entry.size(); ++slot) {
    if (entry[slot] == 0) continue;
    const uint64_t* key = keys.data() + slot * m.words;
    const size_t to = Probe(m, key);
    std::copy(key, key + m.words, m.keys.data() + to * m.words);
    m.entry[to] = entry[slot];
  }
}

// Room for one more entry (the table doubles at half load, the values double when
// full), or false once that would pass the worker's byte budget.
bool MakeRoom(ShapMemoState& state, TreePatternMemo& m) {
  if (!m.growing) return false;
  const bool table_full = 2 * (m.count + 1) > m.entry.size();
  const bool values_full = m.values.size() + m.features > m.values.capacity();
  if (!table_full && !values_full) return true;
  const size_t slots = !table_full ? m.entry.size()
                       : m.entry.empty() ? kInitialSlots
                                         : 2 * m.entry.size();
  const size_t values = !values_full ? m.values.capacity()
                        : std::max(2 * m.values.capacity(), kInitialSlots / 2 * m.features);
  const size_t before = MemoBytes(m);
  const size_t after =
      slots * (m.words * sizeof(uint64_t) + sizeof(uint32_t)) + values * sizeof(float);
  if (state.bytes - before + after > state.budget) {
    m.growing = false;
    return false;
  }
  if (values_full) m.values.reserve(values);
  if (table_full) Rehash(m, slots);
  state.bytes = state.bytes - before + MemoBytes(m);
  return true;
}

// Adds tree t's contributions to rows [0, n) of the block (phi: n rows of `width`),
// through the memo when it is on. A memo lookup is a random access into a table that
// does not stay in cache across 70-odd trees, so the block is done in three passes
// that keep many loads in flight instead of waiting on each: the rows' patterns with a
// prefetch of their slots; the probes, with a prefetch of the values found; the sums.
void AddTree(const FlatForest& forest, size_t t, const float* rows, size_t n, double* phi,
             size_t width, ShapScratch& scratch, ShapMemoState* memo) {
  const size_t stride = forest.num_features;
  const uint32_t* features = forest.tree_features.data() + forest.tree_feature_begin[t];
  const size_t count = forest.tree_feature_begin[t + 1] - forest.tree_feature_begin[t];
  double* acc = scratch.tree_acc.data();
  const auto add = [&](double* row_phi, const float* values) {
    for (size_t j = 0; j < count; ++j) row_phi[features[j]] += values[j];
  };
  float* acc_float = scratch.tree_acc_float.data();
  const auto round = [&] {
    for (size_t j = 0; j < count; ++j) acc_float[j] = static_cast<float>(acc[j]);
  };
  TreePatternMemo* m = memo != nullptr && memo->trees[t].words > 0 ? &memo->trees[t] : nullptr;
  if (m == nullptr) {
    for (size_t r = 0; r < n; ++r) {
      TreeContributions(forest, t, rows + r * stride, acc, scratch.masks.data());
      round();
      add(phi + r * width, acc_float);
    }
    return;
  }
  const int words = m->words;
  uint64_t* keys = scratch.pattern.data();
  uint32_t* found = scratch.found.data();
  for (size_t r = 0; r < n; ++r) {
    Pattern(forest, t, rows + r * stride, words, keys + r * words);
    if (!m->entry.empty()) {
      const size_t slot = Hash(keys + r * words, words) & (m->entry.size() - 1);
      __builtin_prefetch(m->entry.data() + slot);
      __builtin_prefetch(m->keys.data() + slot * words);
    }
  }
  for (size_t r = 0; r < n; ++r) {
    found[r] = m->entry.empty() ? 0 : m->entry[Probe(*m, keys + r * words)];
    if (found[r] != 0) {
      const float* values = m->values.data() + (found[r] - 1) * count;
      __builtin_prefetch(values);
      __builtin_prefetch(values + count - 1);
    }
  }
  m->lookups += n;
  for (size_t r = 0; r < n; ++r) {
    const uint64_t* key = keys + r * words;
    // A row of this block may have added the pattern since the probe.
    if (found[r] == 0 && !m->entry.empty()) found[r] = m->entry[Probe(*m, key)];
    if (found[r] != 0) {
      ++m->hits;
      add(phi + r * width, m->values.data() + (found[r] - 1) * count);
      continue;
    }
    TreeContributions(forest, t, rows + r * stride, acc, scratch.masks.data());
    round();
    add(phi + r * width, acc_float);
    if (MakeRoom(*memo, *m)) {
      const size_t slot = Probe(*m, key);
      std::copy(key, key + words, m->keys.data() + slot * words);
      m->entry[slot] = static_cast<uint32_t>(++m->count);
      m->values.insert(m->values.end(), acc_float, acc_float + count);
    }
  }
  if (m->lookups >= kTrialLookups &&
      static_cast<double>(m->hits) < kMinHitRate * static_cast<double>(m->lookups)) {
    memo->bytes -= MemoBytes(*m);
    *m = TreePatternMemo{};  // off for good: words == 0
  }
}

}  // namespace

void PathShapRows(const FlatForest& forest, const float* rows, size_t n, float* out,
                  ShapScratch& scratch, ShapMemoState* memo) {
  const size_t features = forest.num_features;
  const size_t width = features + 1;
  scratch.phi.assign(n * width, 0.0);
  scratch.masks.resize(forest.max_tree_nodes);
  scratch.tree_acc.resize(forest.max_tree_features);
  scratch.tree_acc_float.resize(forest.max_tree_features);
  scratch.pattern.resize(n * (kMaxMemoSplits / 64));
  scratch.found.resize(n);
  if (memo != nullptr && memo->forest != &forest) ResetMemo(forest, *memo);
  // Tree by tree over the block, so a tree's splits and tables stay in cache.
  for (size_t t = 0; t < forest.roots.size(); ++t) {
    const double mean = forest.mean_value[forest.roots[t]];
    for (size_t r = 0; r < n; ++r) scratch.phi[r * width + width - 1] += mean;
    AddTree(forest, t, rows, n, scratch.phi.data(), width, scratch, memo);
  }
  for (size_t r = 0; r < n; ++r) {
    const double* phi = scratch.phi.data() + r * width;
    for (size_t i = 0; i < width; ++i) {
      double sum = phi[i];
      if (i + 1 == width) sum += forest.base_margin;
      out[r * width + i] = static_cast<float>(sum);
    }
  }
}

}  // namespace attrition::model
