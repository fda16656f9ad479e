#pragma once
// The group coordinator's expected failures (Kafka's group error codes come from these, in
// broker/error_mapping only).

#include <string_view>

#include "base/status.h"

namespace pier::group {

enum class GroupError {
  None,
  InvalidGroupId,             // empty group id
  UnknownMemberId,            // a member id the group does not have (or the group is gone)
  IllegalGeneration,          // a generation other than the group's current one
  RebalanceInProgress,        // the group is rebalancing: join again
  InconsistentGroupProtocol,  // protocol type or protocols that do not fit the group's
  InvalidSessionTimeout,      // outside group.min/max.session.timeout.ms
  MemberIdRequired,           // first JoinGroup (v4+): here is your member id, join with it
  GroupMaxSizeReached,        // group.max.size members already
  FencedInstanceId,           // a static member's instance id now belongs to another member id
  CoordinatorNotAvailable,    // the group is being deleted or its state failed to persist
  NonEmptyGroup,              // DeleteGroups on a group with members
  GroupIdNotFound,            // DeleteGroups/OffsetDelete on a group that does not exist
  GroupSubscribedToTopic,     // OffsetDelete of a topic the group still consumes
  OffsetMetadataTooLarge,     // commit metadata longer than offset.metadata.max.bytes
};

std::string_view describe(GroupError e);

}  // namespace pier::group

PIER_ERROR_DOMAIN(pier::group::GroupError, "group");
