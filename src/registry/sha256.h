// SHA-256 (FIPS 180-4), for the file digests a model version records so that a changed
// file is detected (Registry::Verify). Written here because no dependency the project
// already has exposes a hash; a small, well-known algorithm checked against the standard's
// test vectors in tests/registry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace attrition::registry {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t size);
  void Update(std::string_view text) { Update(text.data(), text.size()); }
  // The digest as 64 lowercase hex digits. The object must not be updated afterwards.
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// SHA-256 of `text` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view text);

}  // namespace attrition::registry
