// A training report rendered by a real browser: scripts/render_report.sh runs headless
// Chromium (Debian's `chromium`) on the report.html of a freshly trained model and the PNG
// it writes is decoded and checked: the page fills the window and is not blank, and every
// chart of the report has drawn its coloured marks. Skipped when chromium is not
// installed (.ci/install-deps.sh installs it).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "attrition/train.h"
#include "support/run_binary.h"
#include "support/temp_dir.h"
#include "train/synthetic_dataset.h"

namespace attrition::train {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string SourceDir() {
  const char* dir = std::getenv("ATTRITION_SOURCE_DIR");
  return dir != nullptr ? dir : ATTRITION_TEST_SOURCE_DIR;
}

std::optional<std::string> FindChromium() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(path)) return std::string(path);
  }
  return std::nullopt;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// An 8-bit RGB or RGBA PNG decoded to RGB pixels (what Chromium's screenshots are).
struct Image {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgb;  // width * height * 3
  uint32_t Pixel(uint32_t x, uint32_t y) const {
    const uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
    return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
  }
};

uint32_t BigEndian(const std::string& data, size_t at) {
  return (uint32_t{static_cast<uint8_t>(data[at])} << 24) |
         (uint32_t{static_cast<uint8_t>(data[at + 1])} << 16) |
         (uint32_t{static_cast<uint8_t>(data[at + 2])} << 8) | static_cast<uint8_t>(data[at + 3]);
}

// Decodes `png`; on failure returns nullopt and says why in *error.
std::optional<Image> DecodePng(const std::string& png, std::string* error) {
  if (png.size() < 33 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    *error = "not a PNG (" + std::to_string(png.size()) + " bytes)";
    return std::nullopt;
  }
  Image image;
  int channels = 0;
  std::string idat;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = BigEndian(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + length > png.size()) break;
    if (type == "IHDR") {
      image.width = BigEndian(png, at + 8);
      image.height = BigEndian(png, at + 12);
      const int depth = static_cast<uint8_t>(png[at + 16]);
      const int color = static_cast<uint8_t>(png[at + 17]);
      const int interlace = static_cast<uint8_t>(png[at + 20]);
      channels = color == 2 ? 3 : color == 6 ? 4 : 0;
      if (depth != 8 || channels == 0 || interlace != 0) {
        *error = "unsupported PNG: depth " + std::to_string(depth) + ", colour type " +
                 std::to_string(color) + ", interlace " + std::to_string(interlace);
        return std::nullopt;
      }
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, length);
    }
    at += 12 + length;
  }
  const size_t stride = static_cast<size_t>(image.width) * channels;
  std::vector<uint8_t> raw((stride + 1) * image.height);
  uLongf raw_size = raw.size();
  if (channels == 0 || uncompress(raw.data(), &raw_size,
                                  reinterpret_cast<const Bytef*>(idat.data()),
                                  idat.size()) != Z_OK ||
      raw_size != raw.size()) {
    *error = "cannot inflate the image data";
    return std::nullopt;
  }
  // Undo the per-row filters (PNG spec 9.2).
  std::vector<uint8_t> pixels(stride * image.height), zero(stride, 0);
  for (uint32_t y = 0; y < image.height; ++y) {
    const uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* in = &raw[y * (stride + 1) + 1];
    uint8_t* out = &pixels[y * stride];
    const uint8_t* up = y ? &pixels[(y - 1) * stride] : zero.data();
    for (size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<size_t>(channels) ? out[i - channels] : 0;
      const int b = up[i];
      const int c = i >= static_cast<size_t>(channels) ? up[i - channels] : 0;
      int predicted = 0;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          *error = "bad filter " + std::to_string(filter) + " in row " + std::to_string(y);
          return std::nullopt;
      }
      out[i] = static_cast<uint8_t>(in[i] + predicted);
    }
  }
  image.rgb.reserve(static_cast<size_t>(image.width) * image.height * 3);
  for (size_t i = 0; i < pixels.size(); i += channels) {
    image.rgb.insert(image.rgb.end(), &pixels[i], &pixels[i] + 3);
  }
  return image;
}

bool IsGrey(uint32_t rgb) {
  const int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
  return std::abs(r - g) < 24 && std::abs(g - b) < 24 && std::abs(r - b) < 24;
}

class ReportRender : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (!chromium_) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
    auto wh = warehouse::Warehouse::Open("sqlite:" + dir_.File("w.db"));
    ASSERT_TRUE(wh.ok()) << wh.status().ToString();
    ASSERT_TRUE(testing::WriteSyntheticDataset(**wh, {.customers = 300}).ok());
    auto summary = TrainModel(testing::SyntheticConfig(dir_.File("artifacts"), 3), **wh,
                              {.register_version = false, .output_dir = dir_.path() / "out"});
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    report_ = summary->report_path;
  }

  // scripts/render_report.sh REPORT OUT.
  testing::RunResult Render(const fs::path& report, const fs::path& png) {
    return testing::RunBinary(SourceDir() + "/scripts/render_report.sh",
                              {report.string(), png.string()}, dir_.path());
  }

  TempDir dir_;
  std::optional<std::string> chromium_;
  fs::path report_;
};

TEST_F(ReportRender, EveryChartOfTheTrainingReportIsDrawn) {
  const fs::path png = dir_.path() / "report.png";
  const testing::RunResult run = Render(report_, png);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_TRUE(fs::exists(png)) << run.out << run.err;
  // A blank 1280x4000 page is about 20 KB; the report is several times that.
  EXPECT_GT(fs::file_size(png), 60u * 1024) << png;

  std::string error;
  const std::optional<Image> image = DecodePng(ReadFile(png), &error);
  ASSERT_TRUE(image) << error;
  EXPECT_EQ(image->width, 1280u);
  EXPECT_EQ(image->height, 4000u);

  std::set<uint32_t> colours;
  size_t coloured = 0, inked = 0;
  const uint32_t background = image->Pixel(0, 0);
  for (uint32_t y = 0; y < image->height; ++y) {
    for (uint32_t x = 0; x < image->width; ++x) {
      const uint32_t p = image->Pixel(x, y);
      colours.insert(p);
      if (p != background) ++inked;
      if (!IsGrey(p)) ++coloured;
    }
  }
  // Text alone is grey anti-aliasing; the charts add their coloured lines, bars and dots.
  EXPECT_GT(colours.size(), 200u);
  EXPECT_GT(inked, image->rgb.size() / 3 / 50) << "under 2% of the page is drawn";
  EXPECT_GT(coloured, 20000u) << "too few coloured pixels for the report's charts";

  // Each chart of the page (an inline <svg>) gives a coloured band somewhere down the
  // page: count the bands of rows with coloured pixels, separated by rows with none.
  const std::string html = ReadFile(report_);
  size_t charts = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 4)) {
    ++charts;
  }
  ASSERT_GE(charts, 6u) << "the report should hold the ROC, PR, calibration, lift, "
                           "importance, SHAP and trials charts";
  size_t bands = 0;
  bool in_band = false;
  for (uint32_t y = 0; y < image->height; ++y) {
    size_t row_coloured = 0;
    for (uint32_t x = 0; x < image->width; ++x) row_coloured += !IsGrey(image->Pixel(x, y));
    if (row_coloured > 0 && !in_band) ++bands;
    in_band = row_coloured > 0;
  }
  EXPECT_GE(bands, 3u) << "coloured bands down the page; charts: " << charts;
}

TEST(RenderReportScript, SaysWhatIsWrongWithItsArguments) {
  TempDir dir;
  const std::string script = SourceDir() + "/scripts/render_report.sh";
  const testing::RunResult missing =
      testing::RunBinary(script, {dir.File("nope.html"), dir.File("x.png")}, dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no such file: "), std::string::npos) << missing.err;
  std::ofstream(dir.File("page.html")) << "<html><body>page</body></html>";
  const testing::RunResult size =
      testing::RunBinary(script, {dir.File("page.html"), dir.File("x.png"), "big"}, dir.path());
  EXPECT_EQ(size.exit_code, 2);
  EXPECT_NE(size.err.find("size must be WIDTHxHEIGHT, got 'big'"), std::string::npos) << size.err;
}

}  // namespace
}  // namespace attrition::train
