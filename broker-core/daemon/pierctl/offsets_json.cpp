#include "daemon/pierctl/offsets_json.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pier::pierctl {

namespace {

namespace kafka = protocol::kafka;
// Keys keep their insertion order: Kafka writes fields in spec order.
using Json = nlohmann::ordered_json;

Json nullableString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

Json toJson(const kafka::OffsetCommitKey& key) {
  return Json{{"group", key.group}, {"topic", key.topic}, {"partition", key.partition}};
}

Json toJson(const kafka::GroupMetadataKey& key) { return Json{{"group", key.group}}; }

Json toJson(const kafka::OffsetCommitValue& value, int16_t version) {
  Json out;
  out["offset"] = value.offset;
  if (version >= 3) out["leaderEpoch"] = value.leaderEpoch;
  out["metadata"] = value.metadata;
  out["commitTimestamp"] = value.commitTimestamp;
  if (version == 1) out["expireTimestamp"] = value.expireTimestamp;
  return out;
}

Json toJson(const kafka::GroupMetadataValue::MemberMetadata& member, int16_t version) {
  Json out;
  out["memberId"] = member.memberId;
  if (version >= 3) out["groupInstanceId"] = nullableString(member.groupInstanceId);
  out["clientId"] = member.clientId;
  out["clientHost"] = member.clientHost;
  if (version >= 1) out["rebalanceTimeout"] = member.rebalanceTimeout;
  out["sessionTimeout"] = member.sessionTimeout;
  out["subscription"] = base64(member.subscription);
  out["assignment"] = base64(member.assignment);
  return out;
}

Json toJson(const kafka::GroupMetadataValue& value, int16_t version) {
  Json out;
  out["protocolType"] = value.protocolType;
  out["generation"] = value.generation;
  out["protocol"] = nullableString(value.protocol);
  out["leader"] = nullableString(value.leader);
  if (version >= 2) out["currentStateTimestamp"] = value.currentStateTimestamp;
  Json members = Json::array();
  for (const auto& member : value.members) members.push_back(toJson(member, version));
  out["members"] = std::move(members);
  return out;
}

// nlohmann writes "\u001f", Jackson "\u001F": upper-case the hex digits of every \u escape.
// Walking escape by escape keeps an escaped backslash followed by a literal "u00ab" intact.
void upperCaseUnicodeEscapes(std::string& text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '\\') continue;
    if (text[i + 1] == 'u') {
      for (std::size_t j = i + 2; j < i + 6 && j < text.size(); ++j) {
        text[j] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[j])));
      }
    }
    ++i;  // skip the escaped character
  }
}

// Compact JSON; bytes that are not UTF-8 become U+FFFD (as Java's String decoding does) instead
// of nlohmann's exception.
std::string dump(const Json& json) {
  std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  upperCaseUnicodeEscapes(text);
  return text;
}

std::string keyJson(const protocol::ConsumerOffsetsKey& key) {
  Json data = std::visit([](const auto& k) { return toJson(k); }, key.key);
  return dump(Json{{"type", std::to_string(key.version)}, {"data", std::move(data)}});
}

}  // namespace

std::string base64(std::span<const uint8_t> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    uint32_t group = static_cast<uint32_t>(bytes[i]) << 16;
    if (n > 1) group |= static_cast<uint32_t>(bytes[i + 1]) << 8;
    if (n > 2) group |= bytes[i + 2];
    for (std::size_t c = 0; c < 4; ++c) {
      out += c <= n ? kAlphabet[(group >> (18 - 6 * c)) & 0x3f] : '=';
    }
  }
  return out;
}

std::string consumerOffsetsKeyJson(const protocol::ConsumerOffsetsKey& key) { return keyJson(key); }

std::string consumerOffsetsValueJson(const std::optional<protocol::ConsumerOffsetsValue>& value) {
  if (!value) return "<DELETE>";
  Json data = std::visit([&](const auto& v) { return toJson(v, value->version); }, value->value);
  return dump(Json{{"version", std::to_string(value->version)}, {"data", std::move(data)}});
}

RecordText formatConsumerOffsetsRecord(int64_t offset, std::optional<std::span<const uint8_t>> key,
                                       std::optional<std::span<const uint8_t>> value) {
  if (!key) {
    // Kafka throws here and the tool stops; Pier shows Kafka's message and goes on.
    return {fmt::format("Failed to decode message at offset {} using offset topic decoder (message had a missing key)",
                        offset),
            std::nullopt};
  }
  auto type = protocol::peekConsumerOffsetsKeyVersion(*key);
  if (type && (*type < 0 || *type > protocol::kGroupMetadataKeyVersion)) {
    return {fmt::format("Unknown record type {} at offset {}, skipping.", *type, offset), std::nullopt};
  }
  auto decodedKey = protocol::decodeConsumerOffsetsKey(*key);
  if (!decodedKey) {
    return {fmt::format("Error at offset {}, skipping. {}", offset, decodedKey.status().toString()), std::nullopt};
  }
  auto decodedValue = protocol::decodeConsumerOffsetsValue(*decodedKey, value);
  if (!decodedValue) {
    return {fmt::format("Error at offset {}, skipping. {}", offset, decodedValue.status().toString()), std::nullopt};
  }
  return {keyJson(*decodedKey), consumerOffsetsValueJson(*decodedValue)};
}

}  // namespace pier::pierctl
