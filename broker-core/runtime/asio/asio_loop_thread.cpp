#include "runtime/asio/asio_loop_thread.h"

#include <pthread.h>

#include <string>
#include <thread>

#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_network.h"

namespace pier {
namespace {

class AsioLoopThread final : public LoopThread {
 public:
  explicit AsioLoopThread(std::string_view name) : m_network(m_loop) {
    std::string shortName(name.substr(0, 15));
    m_thread = std::thread([this, shortName] {
      pthread_setname_np(pthread_self(), shortName.c_str());
      m_loop.run();
    });
  }

  ~AsioLoopThread() override {
    // stop() before run() has started would be undone by run()'s restart(): ask through the
    // queue instead, which run() drains.
    m_loop.post([this] { m_loop.stop(); });
    m_thread.join();
  }

  Loop& loop() override { return m_loop; }
  Network& network() override { return m_network; }

 private:
  AsioLoop m_loop;
  AsioNetwork m_network;
  std::thread m_thread;
};

}  // namespace

std::unique_ptr<LoopThread> startAsioLoopThread(std::string_view name) {
  return std::make_unique<AsioLoopThread>(name);
}

LoopThreadFactory asioLoopThreadFactory() {
  return [](std::string_view name) { return startAsioLoopThread(name); };
}

}  // namespace pier
