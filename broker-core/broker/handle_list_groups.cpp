// ListGroups: every group this broker coordinates, by group id, with its protocol type ("" for a
// group that only commits offsets) and, from v4, its state. v4's states filter matches Kafka's
// state names in any case; a name that is no state matches nothing; an empty filter matches all.

#include <set>

#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/list_groups_request.h"
#include "protocol/kafka/generated/list_groups_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

// nullopt: no filter. Unknown names add nothing, so a filter of only unknown names is empty.
std::optional<std::set<group::GroupState>> statesFilter(const std::vector<std::string>& names) {
  if (names.empty()) return std::nullopt;
  std::set<group::GroupState> states;
  for (const std::string& name : names) {
    if (auto state = group::stateFromName(name)) states.insert(*state);
  }
  return states;
}

}  // namespace

Status KafkaApis::onListGroups(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(ListGroupsRequest body,
                        decodeRequestBody<ListGroupsRequest>(req.body, req.apiVersion()));
  const auto filter = statesFilter(body.statesFilter);
  ListGroupsResponse resp;
  for (const group::GroupListing& g : m_groups.listGroups()) {
    if (filter && !filter->count(g.state)) continue;
    ListGroupsResponse::ListedGroup listed;
    listed.groupId = g.groupId;
    listed.protocolType = g.protocolType;
    if (req.apiVersion() >= 4) listed.groupState = std::string(group::stateName(g.state));
    resp.groups.push_back(std::move(listed));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
