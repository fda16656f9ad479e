#pragma once
// ZnodeRegisterModel: one ZooKeeper znode as its clients see it, as a sequential specification
// for the linearizability checker (linearizability.h). The node is absent, or holds data bytes
// and a data version. create starts the version at 0, every successful setData adds 1, delete
// makes the node absent, and a create after a delete starts at 0 again (ZooKeeper's dataVersion).
// Children, ACLs, ephemerals and watches are out of scope; the path is the key
// (checkLinearizablePerKey). Conditional calls take an expected version, -1 meaning any.
//
// Outputs are what a client checks: the result code, and the data/version where the call
// returns them (setData and exists: the version in the Stat; getData: data and version).
// ZooKeeper only promises linearizable writes; plain reads may be stale unless the client
// calls sync first, so a history of plain reads that fails here is a finding about the reads'
// path, not necessarily a bug. Value type; thread-compatible.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pier::sim {

enum class ZnodeCall { Create, SetData, GetData, Delete, Exists };
enum class ZnodeCode { Ok, NodeExists, NoNode, BadVersion };

struct ZnodeInput {
  ZnodeCall call = ZnodeCall::GetData;
  std::string data;              // create, setData
  int32_t expectedVersion = -1;  // setData, delete; -1: any

  static ZnodeInput create(std::string data) { return {ZnodeCall::Create, std::move(data), -1}; }
  static ZnodeInput setData(std::string data, int32_t expectedVersion = -1) {
    return {ZnodeCall::SetData, std::move(data), expectedVersion};
  }
  static ZnodeInput getData() { return {ZnodeCall::GetData, {}, -1}; }
  static ZnodeInput deleteNode(int32_t expectedVersion = -1) {
    return {ZnodeCall::Delete, {}, expectedVersion};
  }
  static ZnodeInput exists() { return {ZnodeCall::Exists, {}, -1}; }
  friend bool operator==(const ZnodeInput&, const ZnodeInput&) = default;
};

// Fields a call does not return stay empty / 0, so outputs compare with ==.
struct ZnodeOutput {
  ZnodeCode code = ZnodeCode::Ok;
  std::string data;     // getData
  int32_t version = 0;  // setData (the new version), getData, exists

  static ZnodeOutput ok() { return {ZnodeCode::Ok, {}, 0}; }  // create, delete
  static ZnodeOutput okVersion(int32_t version) { return {ZnodeCode::Ok, {}, version}; }
  static ZnodeOutput value(std::string data, int32_t version) {
    return {ZnodeCode::Ok, std::move(data), version};
  }
  static ZnodeOutput error(ZnodeCode code) { return {code, {}, 0}; }
  friend bool operator==(const ZnodeOutput&, const ZnodeOutput&) = default;
};

struct ZnodeState {
  bool present = false;
  std::string data;     // empty when absent
  int32_t version = 0;  // 0 when absent
  friend bool operator==(const ZnodeState&, const ZnodeState&) = default;
};

class ZnodeRegisterModel {
 public:
  using State = ZnodeState;
  using Input = ZnodeInput;
  using Output = ZnodeOutput;

  State initial() const { return {}; }  // absent
  // The state after `input`, or nullopt when `output` is not what it returns from `state`.
  std::optional<State> step(const State& state, const Input& input,
                            const std::optional<Output>& output) const;
  uint64_t hash(const State& state) const;
  std::string describeInput(const Input& input) const;
  std::string describeOutput(const Output& output) const;
  std::string describeState(const State& state) const;
  // getData, exists, and every call that failed.
  bool readOnly(const Input& input, const Output& output) const;

  // The one sequential execution: the state after `input` and what it returns.
  static std::pair<State, Output> apply(const State& state, const Input& input);
};

std::string_view znodeCodeName(ZnodeCode code);

}  // namespace pier::sim
