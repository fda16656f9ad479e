#include "sim/znode_register_model.h"

#include <fmt/format.h>

#include "base/assert.h"
#include "sim/trace.h"

namespace pier::sim {
namespace {

constexpr std::size_t kDataShownMax = 32;

// Data are bytes: printable ASCII as is, the rest escaped, long values cut.
std::string quote(const std::string& data) {
  std::string out = "\"";
  for (std::size_t i = 0; i < data.size() && i < kDataShownMax; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  out += '"';
  if (data.size() > kDataShownMax) out += fmt::format("...({} bytes)", data.size());
  return out;
}

std::string expected(int32_t version) {
  return version == -1 ? std::string("any version") : fmt::format("version {}", version);
}

bool versionMatches(const ZnodeState& state, int32_t expectedVersion) {
  return expectedVersion == -1 || expectedVersion == state.version;
}

// ZooKeeper's dataVersion is an int that wraps; no undefined overflow here.
int32_t nextVersion(int32_t version) {
  return static_cast<int32_t>(static_cast<uint32_t>(version) + 1u);
}

}  // namespace

std::string_view znodeCodeName(ZnodeCode code) {
  switch (code) {
    case ZnodeCode::Ok:
      return "Ok";
    case ZnodeCode::NodeExists:
      return "NodeExists";
    case ZnodeCode::NoNode:
      return "NoNode";
    case ZnodeCode::BadVersion:
      return "BadVersion";
  }
  PIER_UNREACHABLE("ZnodeCode");
}

std::pair<ZnodeState, ZnodeOutput> ZnodeRegisterModel::apply(const State& state,
                                                             const Input& input) {
  const ZnodeOutput noNode = ZnodeOutput::error(ZnodeCode::NoNode);
  switch (input.call) {
    case ZnodeCall::Create:
      if (state.present) return {state, ZnodeOutput::error(ZnodeCode::NodeExists)};
      return {ZnodeState{true, input.data, 0}, ZnodeOutput::ok()};
    case ZnodeCall::SetData: {
      if (!state.present) return {state, noNode};
      if (!versionMatches(state, input.expectedVersion)) {
        return {state, ZnodeOutput::error(ZnodeCode::BadVersion)};
      }
      const int32_t version = nextVersion(state.version);
      return {ZnodeState{true, input.data, version}, ZnodeOutput::okVersion(version)};
    }
    case ZnodeCall::GetData:
      if (!state.present) return {state, noNode};
      return {state, ZnodeOutput::value(state.data, state.version)};
    case ZnodeCall::Delete:
      if (!state.present) return {state, noNode};
      if (!versionMatches(state, input.expectedVersion)) {
        return {state, ZnodeOutput::error(ZnodeCode::BadVersion)};
      }
      return {ZnodeState{}, ZnodeOutput::ok()};
    case ZnodeCall::Exists:
      if (!state.present) return {state, noNode};
      return {state, ZnodeOutput::okVersion(state.version)};
  }
  PIER_UNREACHABLE("ZnodeCall");
}

std::optional<ZnodeState> ZnodeRegisterModel::step(const State& state, const Input& input,
                                                   const std::optional<Output>& output) const {
  auto [after, returned] = apply(state, input);
  if (output && !(*output == returned)) return std::nullopt;
  return std::move(after);
}

bool ZnodeRegisterModel::readOnly(const Input& input, const Output& output) const {
  return input.call == ZnodeCall::GetData || input.call == ZnodeCall::Exists ||
         output.code != ZnodeCode::Ok;
}

uint64_t ZnodeRegisterModel::hash(const State& state) const {
  uint64_t h = mixHash(state.present ? 1 : 0, static_cast<uint32_t>(state.version));
  return hashBytes(h, state.data);
}

std::string ZnodeRegisterModel::describeInput(const Input& input) const {
  switch (input.call) {
    case ZnodeCall::Create:
      return fmt::format("create({})", quote(input.data));
    case ZnodeCall::SetData:
      return fmt::format("setData({}, {})", quote(input.data), expected(input.expectedVersion));
    case ZnodeCall::GetData:
      return "getData";
    case ZnodeCall::Delete:
      return fmt::format("delete({})", expected(input.expectedVersion));
    case ZnodeCall::Exists:
      return "exists";
  }
  PIER_UNREACHABLE("ZnodeCall");
}

std::string ZnodeRegisterModel::describeOutput(const Output& output) const {
  if (output.code != ZnodeCode::Ok) return std::string(znodeCodeName(output.code));
  if (output.data.empty() && output.version == 0) return "Ok";
  if (!output.data.empty()) return fmt::format("{} version {}", quote(output.data), output.version);
  return fmt::format("Ok version {}", output.version);
}

std::string ZnodeRegisterModel::describeState(const State& state) const {
  if (!state.present) return "absent";
  return fmt::format("{{{} version {}}}", quote(state.data), state.version);
}

}  // namespace pier::sim
