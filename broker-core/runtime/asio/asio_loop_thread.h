#pragma once
// startAsioLoopThread: a LoopThread (runtime/loop_thread.h) over an AsioLoop and an AsioNetwork,
// run by a new std::thread named `name` (at most 15 characters are kept, as Linux allows).
// asioLoopThreadFactory() is the LoopThreadFactory daemons hand to services that need one.

#include <memory>
#include <string_view>

#include "runtime/loop_thread.h"

namespace pier {

std::unique_ptr<LoopThread> startAsioLoopThread(std::string_view name);
LoopThreadFactory asioLoopThreadFactory();

}  // namespace pier
