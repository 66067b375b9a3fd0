#include "core/io/safetensors.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/base/half.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/safetensors_writer.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::octet::testing::LeBytes;
using ::octet::testing::RawSafetensors;
using ::octet::testing::SafetensorsWriter;
using ::octet::testing::TempDir;
using ::octet::testing::WriteFileOrDie;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr float kInf = std::numeric_limits<float>::infinity();

uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof(b));
  return b;
}

// ---- half.h ----

TEST(Half, KnownF16Values) {
  EXPECT_EQ(HalfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xC000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(HalfToFloat(0x7BFF), 65504.0f);                  // largest finite
  EXPECT_EQ(HalfToFloat(0x0400), std::ldexp(1.0f, -14));     // smallest normal
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));     // smallest subnormal
  EXPECT_EQ(HalfToFloat(0x03FF), std::ldexp(1023.0f, -24));  // largest subnormal
  EXPECT_EQ(HalfToFloat(0x8001), -std::ldexp(1.0f, -24));
  EXPECT_EQ(HalfToFloat(0x7C00), kInf);
  EXPECT_EQ(HalfToFloat(0xFC00), -kInf);
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7E00)));
  EXPECT_TRUE(std::isnan(HalfToFloat(0xFC01)));
  EXPECT_EQ(Bits(HalfToFloat(0x0000)), 0x00000000u);
  EXPECT_EQ(Bits(HalfToFloat(0x8000)), 0x80000000u);  // -0 keeps its sign
}

// Every one of the 65536 inputs against an independent formula (ldexp on the fields).
TEST(Half, AllF16ValuesMatchReference) {
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    const int sign = (h >> 15) ? -1 : 1;
    const int exponent = (h >> 10) & 0x1F;
    const int mantissa = h & 0x3FF;
    const float got = HalfToFloat(static_cast<uint16_t>(h));
    if (exponent == 31) {
      if (mantissa == 0) {
        EXPECT_EQ(got, sign * kInf) << h;
      } else {
        EXPECT_TRUE(std::isnan(got)) << h;
      }
      continue;
    }
    const float expected = exponent == 0
                               ? sign * std::ldexp(static_cast<float>(mantissa), -24)
                               : sign * std::ldexp(1.0f + mantissa / 1024.0f, exponent - 15);
    ASSERT_EQ(Bits(got), Bits(expected)) << "h=0x" << std::hex << h;
  }
}

TEST(Half, KnownBf16Values) {
  EXPECT_EQ(Bf16ToFloat(0x3F80), 1.0f);
  EXPECT_EQ(Bf16ToFloat(0xC040), -3.0f);
  EXPECT_EQ(Bf16ToFloat(0x4049), 3.140625f);
  EXPECT_EQ(Bf16ToFloat(0x0001), std::ldexp(1.0f, -133));  // smallest subnormal
  EXPECT_EQ(Bf16ToFloat(0x007F), std::ldexp(127.0f, -133));
  EXPECT_EQ(Bf16ToFloat(0x0080), std::ldexp(1.0f, -126));  // smallest normal
  EXPECT_EQ(Bf16ToFloat(0x7F80), kInf);
  EXPECT_EQ(Bf16ToFloat(0xFF80), -kInf);
  EXPECT_TRUE(std::isnan(Bf16ToFloat(0x7FC0)));
  EXPECT_EQ(Bits(Bf16ToFloat(0x8000)), 0x80000000u);
}

// ---- dtype helpers ----

TEST(DTypes, NamesRoundTripAndSizes) {
  for (int i = 0; i <= static_cast<int>(DType::kF6E3M2); ++i) {
    const auto d = static_cast<DType>(i);
    EXPECT_EQ(DTypeFromName(DTypeName(d)), d) << DTypeName(d);
  }
  EXPECT_EQ(DTypeBits(DType::kF32), 32);
  EXPECT_EQ(DTypeBits(DType::kBF16), 16);
  EXPECT_EQ(DTypeBits(DType::kI64), 64);
  EXPECT_EQ(DTypeBits(DType::kF4), 4);
  EXPECT_EQ(DTypeBits(DType::kF6E2M3), 6);
  EXPECT_EQ(DTypeFromName("f32"), std::nullopt);  // case-sensitive
  EXPECT_EQ(DTypeFromName("F128"), std::nullopt);
  EXPECT_EQ(ShapeToString({2, 6}), "[2, 6]");
  EXPECT_EQ(ShapeToString({}), "[]");
}

// ---- valid files ----

class SafetensorsTest : public ::testing::Test {
 protected:
  // Writes `bytes` as model.safetensors in a fresh temp dir and opens it.
  absl::StatusOr<std::unique_ptr<SafetensorsFile>> OpenBytes(const std::string& bytes) {
    WriteFileOrDie(path_, bytes);
    return SafetensorsFile::Open(path_);
  }
  // Opens a header + data assembled by hand; expects failure and returns the status.
  absl::Status OpenRaw(const std::string& header, const std::string& data) {
    auto file = OpenBytes(RawSafetensors(header, data));
    return file.status();
  }

  TempDir dir_;
  const std::string path_ = dir_.Join("model.safetensors");
};

TEST_F(SafetensorsTest, ReadsF32F16Bf16AndMetadata) {
  const std::vector<float> f32 = {1.5f, -2.25f, 0.0f, 3e-39f /*subnormal*/, 1e30f, -kInf};
  const std::vector<uint16_t> f16 = {0x3C00, 0xC000, 0x0001, 0x03FF, 0x7C00, 0x8000};
  const std::vector<uint16_t> bf16 = {0x3F80, 0xC040, 0x0001, 0xFF80};
  const std::vector<int64_t> ids = {0, 1, 2};
  SafetensorsWriter w;
  w.SetMetadata("format", "pt")
      .AddF32("w.f32", {2, 3}, f32)
      .Add("w.f16", "F16", {3, 2}, LeBytes(f16))
      .Add("w.bf16", "BF16", {4}, LeBytes(bf16))
      .Add("position_ids", "I64", {1, 3}, LeBytes(ids));
  w.WriteTo(path_);
  auto file = SafetensorsFile::Open(path_);
  ASSERT_TRUE(file.ok()) << file.status();
  const SafetensorsFile& st = **file;
  EXPECT_EQ(st.path(), path_);
  EXPECT_THAT(st.metadata(),
              ElementsAre(std::pair<const std::string, std::string>("format", "pt")));
  std::vector<std::string> names;
  for (const auto& [name, info] : st.tensors()) names.push_back(name);
  EXPECT_THAT(names, ElementsAre("position_ids", "w.bf16", "w.f16", "w.f32"));  // by name

  const SafetensorsFile::TensorInfo* info = st.Find("w.f32");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->dtype, DType::kF32);
  EXPECT_THAT(info->shape, ElementsAre(2, 3));
  EXPECT_EQ(info->begin, 0u);
  EXPECT_EQ(info->end, 24u);
  EXPECT_EQ(info->num_elements(), 6);
  auto v32 = st.ReadFloat(*info);
  ASSERT_TRUE(v32.ok()) << v32.status();
  ASSERT_EQ(v32->size(), f32.size());
  for (size_t i = 0; i < f32.size(); ++i) EXPECT_EQ(Bits((*v32)[i]), Bits(f32[i])) << i;

  auto v16 = st.ReadFloat("w.f16");
  ASSERT_TRUE(v16.ok()) << v16.status();
  EXPECT_THAT(
      *v16, ElementsAre(1.0f, -2.0f, std::ldexp(1.0f, -24), std::ldexp(1023.0f, -24), kInf, 0.0f));
  EXPECT_EQ(Bits((*v16)[5]), 0x80000000u);

  auto vb = st.ReadFloat("w.bf16");
  ASSERT_TRUE(vb.ok()) << vb.status();
  EXPECT_THAT(*vb, ElementsAre(1.0f, -3.0f, std::ldexp(1.0f, -133), -kInf));

  // Non-float dtypes: raw bytes only.
  const SafetensorsFile::TensorInfo* pos = st.Find("position_ids");
  ASSERT_NE(pos, nullptr);
  EXPECT_EQ(pos->dtype, DType::kI64);
  absl::Span<const uint8_t> raw = st.RawBytes(*pos);
  ASSERT_EQ(raw.size(), 24u);
  int64_t second;
  std::memcpy(&second, raw.data() + 8, sizeof(second));
  EXPECT_EQ(second, 1);
  EXPECT_THAT(st.ReadFloat(*pos).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("'position_ids'"), HasSubstr("I64"))));
  EXPECT_THAT(st.ReadFloat("nope").status(),
              StatusIs(absl::StatusCode::kNotFound, AllOf(HasSubstr(path_), HasSubstr("'nope'"))));
}

TEST_F(SafetensorsTest, ScalarAndZeroSizeTensors) {
  SafetensorsWriter w;
  w.Add("empty", "F32", {0, 4}, "").AddF32("scalar", {}, {3.5f}).Add("empty2", "F16", {3, 0}, "");
  auto file = OpenBytes(w.Build());
  ASSERT_TRUE(file.ok()) << file.status();
  auto scalar = (*file)->ReadFloat("scalar");
  ASSERT_TRUE(scalar.ok());
  EXPECT_THAT(*scalar, ElementsAre(3.5f));
  EXPECT_EQ((*file)->Find("scalar")->num_elements(), 1);
  auto empty = (*file)->ReadFloat("empty");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ((*file)->Find("empty")->num_elements(), 0);
  EXPECT_EQ((*file)->Find("empty2")->num_bytes(), 0u);
}

TEST_F(SafetensorsTest, HeaderOnlyFileWithNoTensors) {
  auto file = OpenBytes(RawSafetensors("{}      ", ""));
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_TRUE((*file)->tensors().empty());
  EXPECT_TRUE((*file)->metadata().empty());
}

TEST_F(SafetensorsTest, MisalignedDataIsCopiedCorrectly) {
  const std::vector<float> values = {1.0f, -1.0f, 0.5f, 1e-40f};
  for (int mod8 : {1, 2, 3, 5}) {
    SafetensorsWriter w;
    w.Add("a", "U8", {1}, "x")
        .AddF32("b", {4}, values)
        .Add("c", "F16", {1}, LeBytes<uint16_t>({0x3C00}));
    auto file = OpenBytes(w.Build(mod8));
    ASSERT_TRUE(file.ok()) << file.status();
    auto b = (*file)->ReadFloat("b");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(*b, values) << mod8;
    auto c = (*file)->ReadFloat("c");
    ASSERT_TRUE(c.ok());
    EXPECT_THAT(*c, ElementsAre(1.0f));
  }
}

TEST_F(SafetensorsTest, SubByteDTypes) {
  auto ok = OpenBytes(SafetensorsWriter().Add("q", "F4", {2, 2}, "ab").Build());
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->Find("q")->num_bytes(), 2u);
  EXPECT_THAT(
      OpenRaw(R"({"q":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}})", "ab"),
      StatusIs(absl::StatusCode::kInvalidArgument, AllOf(HasSubstr("'q'"), HasSubstr("12 bits"))));
}

TEST_F(SafetensorsTest, MoveKeepsMappingAlive) {
  auto file = OpenBytes(SafetensorsWriter().AddF32("x", {2}, {7.0f, 8.0f}).Build());
  ASSERT_TRUE(file.ok());
  SafetensorsFile moved(std::move(**file));
  file->reset();  // destroys the moved-from object; must not unmap
  auto x = moved.ReadFloat("x");
  ASSERT_TRUE(x.ok());
  EXPECT_THAT(*x, ElementsAre(7.0f, 8.0f));
  auto other = OpenBytes(SafetensorsWriter().AddF32("y", {1}, {9.0f}).Build());
  ASSERT_TRUE(other.ok());
  moved = std::move(**other);
  EXPECT_THAT(*moved.ReadFloat("y"), ElementsAre(9.0f));
  EXPECT_EQ(moved.Find("x"), nullptr);
}

TEST_F(SafetensorsTest, RejectsTensorInfoFromAnotherFile) {
  auto file = OpenBytes(SafetensorsWriter().AddF32("x", {2}, {7.0f, 8.0f}).Build());
  ASSERT_TRUE(file.ok());
  SafetensorsFile::TensorInfo forged = *(*file)->Find("x");
  forged.end = 4;
  forged.shape = {1};
  EXPECT_THAT((*file)->ReadFloat(forged).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not an entry")));
}

// ---- corrupted files: every error names the path ----

TEST_F(SafetensorsTest, MissingFileAndDirectory) {
  EXPECT_THAT(SafetensorsFile::Open(dir_.Join("absent.safetensors")).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("absent.safetensors")));
  EXPECT_THAT(SafetensorsFile::Open(dir_.path()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a regular file")));
}

TEST_F(SafetensorsTest, ZeroByteFile) {
  EXPECT_THAT(OpenBytes("").status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path_), HasSubstr("0 bytes"), HasSubstr("empty"))));
}

TEST_F(SafetensorsTest, FiveByteFile) {
  EXPECT_THAT(OpenBytes(std::string("\x10\0\0\0\0", 5)).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path_), HasSubstr("5 bytes"), HasSubstr("at least 8"))));
}

TEST_F(SafetensorsTest, HeaderLengthBeyondFile) {
  const std::string header = R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  std::string bytes = testing::LengthPrefix(1000) + header + "abcd";
  EXPECT_THAT(OpenBytes(bytes).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path_), HasSubstr("header length is 1000 bytes"),
                             HasSubstr("truncated"))));
}

TEST_F(SafetensorsTest, AbsurdHeaderLengthIsNotSafetensors) {
  // The start of a zip archive (a modern pytorch_model.bin): "PK\3\4" + version/flags.
  const std::string zip("PK\x03\x04\x14\x00\x00\x00\x00\x00", 10);
  EXPECT_THAT(OpenBytes(zip + std::string(100, 'z')).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("not a safetensors file"),
                             HasSubstr("50 4b 03 04"))));
  // Just over the limit, even though the file is not that large.
  EXPECT_THAT(OpenBytes(testing::LengthPrefix(100'000'001) + "{}").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("100000000")));
}

TEST_F(SafetensorsTest, HeaderNotJson) {
  EXPECT_THAT(OpenRaw("{\"x\": [1, 2", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("not valid JSON"))));
  EXPECT_THAT(OpenRaw("", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not valid JSON")));
}

TEST_F(SafetensorsTest, HeaderNotAnObject) {
  EXPECT_THAT(OpenRaw("[1, 2]  ", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("header is a JSON array"),
                             HasSubstr("expected an object"))));
}

TEST_F(SafetensorsTest, HeaderNotUtf8) {
  EXPECT_THAT(OpenRaw("{\"caf\xE9\": 1}", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("UTF-8"), HasSubstr("0xe9"))));
  // Overlong encoding of '/' and an encoded surrogate are rejected too.
  EXPECT_THAT(OpenRaw("{\"\xC0\xAF\": 1}", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(OpenRaw("{\"\xED\xA0\x80\": 1}", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  // Valid multi-byte names are fine.
  EXPECT_TRUE(
      OpenBytes(SafetensorsWriter().AddF32("caf\xC3\xA9.\xF0\x9F\x98\x80", {1}, {1.0f}).Build())
          .ok());
}

TEST_F(SafetensorsTest, DuplicateKeys) {
  EXPECT_THAT(OpenRaw(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                      R"("x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                      "12345678"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("duplicate key 'x'"))));
  EXPECT_THAT(
      OpenRaw(R"({"x":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}})", "1234"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("duplicate key 'dtype'")));
}

TEST_F(SafetensorsTest, UnknownDType) {
  EXPECT_THAT(
      OpenRaw(R"({"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}})", std::string(16, '\0')),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr(path_), HasSubstr("tensor 'w'"), HasSubstr("unknown dtype \"F128\""),
                     HasSubstr("BF16"))));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", "1234"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("unknown dtype 32")));
}

TEST_F(SafetensorsTest, BadEntryFields) {
  const std::string d4(4, '\0');
  EXPECT_THAT(OpenRaw(R"({"w":[1]})", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tensor 'w'"), HasSubstr("expected an object"))));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":[1]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("missing 'data_offsets'")));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("tensor 'w'"), HasSubstr("dimension -1"))));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":[1.0],"data_offsets":[0,4]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("non-negative integer")));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":"1","data_offsets":[0,4]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shape is \"1\"")));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[begin, end]")));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("[begin, end]")));
  EXPECT_THAT(OpenRaw(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}})", d4),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("[4, 0]"), HasSubstr("begin > end"))));
}

TEST_F(SafetensorsTest, BadMetadata) {
  EXPECT_THAT(OpenRaw(R"({"__metadata__":{"format":1}})", ""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("__metadata__ key 'format'"),
                             HasSubstr("expected a string"))));
  EXPECT_THAT(
      OpenRaw(R"({"__metadata__":"pt"})", ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("__metadata__ is a JSON string")));
}

TEST_F(SafetensorsTest, SizeMismatchNamesTensorDTypeAndShape) {
  EXPECT_THAT(
      OpenRaw(R"({"classifier.weight":{"dtype":"F32","shape":[2,6],"data_offsets":[0,40]}})",
              std::string(40, '\0')),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr(path_ + ": tensor 'classifier.weight': data_offsets span 40 bytes, "
                                 "expected 48 for F32 [2, 6]")));
}

TEST_F(SafetensorsTest, ShapeOverflow) {
  EXPECT_THAT(
      OpenRaw(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}})", ""),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("tensor 'w'"), HasSubstr("overflows"))));
  EXPECT_THAT(
      OpenRaw(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}})",
              ""),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("overflows")));
}

TEST_F(SafetensorsTest, Overlap) {
  EXPECT_THAT(OpenRaw(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                      R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                      std::string(24, '\0')),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("tensor 'b' data_offsets [8, 24] "
                                                         "overlap tensor 'a' [0, 16]"))));
}

TEST_F(SafetensorsTest, Gap) {
  EXPECT_THAT(OpenRaw(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                      R"("b":{"dtype":"F32","shape":[4],"data_offsets":[20,36]}})",
                      std::string(36, '\0')),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("tensor 'b'"),
                             HasSubstr("start at 20, expected 16"), HasSubstr("gap of 4 bytes"))));
  EXPECT_THAT(
      OpenRaw(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})", std::string(24, '\0')),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("tensor 'a'"), HasSubstr("start at 8, expected 0"),
                     HasSubstr("first tensor"))));
}

TEST_F(SafetensorsTest, OffsetsBeyondData) {
  EXPECT_THAT(OpenRaw(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                      R"("b":{"dtype":"F32","shape":[4],"data_offsets":[16,32]}})",
                      std::string(24, '\0')),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path_), HasSubstr("tensor 'b'"), HasSubstr("[16, 32]"),
                             HasSubstr("data section, which has 24 bytes"))));
}

TEST_F(SafetensorsTest, TrailingBytes) {
  const std::string good = SafetensorsWriter().AddF32("x", {2}, {1.0f, 2.0f}).Build();
  EXPECT_THAT(OpenBytes(good + "junk").status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(path_), HasSubstr("4 trailing bytes"))));
}

TEST_F(SafetensorsTest, TruncatedData) {
  const std::string good =
      SafetensorsWriter().AddF32("a", {2}, {1.0f, 2.0f}).AddF32("b", {3}, {1, 2, 3}).Build();
  ASSERT_TRUE(OpenBytes(good).ok());
  EXPECT_THAT(OpenBytes(good.substr(0, good.size() - 5)).status(),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path_), HasSubstr("tensor 'b'"), HasSubstr("truncated"))));
  // Cut inside the header.
  EXPECT_THAT(
      OpenBytes(good.substr(0, 20)).status(),
      StatusIs(absl::StatusCode::kDataLoss, AllOf(HasSubstr(path_), HasSubstr("truncated"))));
}

}  // namespace
}  // namespace octet
