#pragma once
// AsioLoop: a Loop on a standalone-asio io_context, run by the thread that calls run().
// Real time from SystemClock. Asio itself stays inside runtime/asio/*.cpp.
//
// Thread-safety: post() and stop() from any thread; after()/cancel() on the loop thread.
// Ownership: owns the io_context; Networks made for it must be destroyed first.

#include <memory>

#include "runtime/loop.h"

namespace asio {
class io_context;
}

namespace pier {

class AsioLoop final : public Loop {
 public:
  AsioLoop();
  ~AsioLoop() override;
  AsioLoop(const AsioLoop&) = delete;
  AsioLoop& operator=(const AsioLoop&) = delete;

  void post(Task task) override;
  TimerId after(Duration delay, Task task) override;
  bool cancel(TimerId id) override;
  const Clock& clock() const override;

  // Runs tasks on the calling thread until stop().
  void run();
  // Runs until stop() or until `limit` has passed; false when the limit ended it.
  bool runFor(Duration limit);
  void stop();

  asio::io_context& context();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace pier
