#include "group/group_error.h"

namespace pier::group {

std::string_view describe(GroupError e) {
  switch (e) {
    case GroupError::None: return "None";
    case GroupError::InvalidGroupId: return "InvalidGroupId";
    case GroupError::UnknownMemberId: return "UnknownMemberId";
    case GroupError::IllegalGeneration: return "IllegalGeneration";
    case GroupError::RebalanceInProgress: return "RebalanceInProgress";
    case GroupError::InconsistentGroupProtocol: return "InconsistentGroupProtocol";
    case GroupError::InvalidSessionTimeout: return "InvalidSessionTimeout";
    case GroupError::MemberIdRequired: return "MemberIdRequired";
    case GroupError::GroupMaxSizeReached: return "GroupMaxSizeReached";
    case GroupError::FencedInstanceId: return "FencedInstanceId";
    case GroupError::CoordinatorNotAvailable: return "CoordinatorNotAvailable";
    case GroupError::NonEmptyGroup: return "NonEmptyGroup";
    case GroupError::GroupIdNotFound: return "GroupIdNotFound";
    case GroupError::GroupSubscribedToTopic: return "GroupSubscribedToTopic";
    case GroupError::OffsetMetadataTooLarge: return "OffsetMetadataTooLarge";
  }
  return "GroupError?";
}

}  // namespace pier::group
