#include "runtime/asio/asio_loop.h"

#include <asio.hpp>
#include <map>

#include "runtime/posix/system_clock.h"

namespace pier {

struct AsioLoop::Impl {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  SystemClock clock;
  std::map<uint64_t, std::unique_ptr<asio::steady_timer>> timers;
  uint64_t nextTimer = 1;
  bool stopped = false;
};

AsioLoop::AsioLoop() : m_impl(std::make_unique<Impl>()) {}
AsioLoop::~AsioLoop() = default;

void AsioLoop::post(Task task) { asio::post(m_impl->io, std::move(task)); }

TimerId AsioLoop::after(Duration delay, Task task) {
  uint64_t id = m_impl->nextTimer++;
  auto timer = std::make_unique<asio::steady_timer>(m_impl->io, delay);
  timer->async_wait([this, id, task = std::move(task)](const asio::error_code& ec) {
    if (ec) return;  // cancelled
    m_impl->timers.erase(id);
    task();
  });
  m_impl->timers.emplace(id, std::move(timer));
  return TimerId(id);
}

bool AsioLoop::cancel(TimerId id) {
  auto it = m_impl->timers.find(id.value());
  if (it == m_impl->timers.end()) return false;
  it->second->cancel();
  m_impl->timers.erase(it);
  return true;
}

const Clock& AsioLoop::clock() const { return m_impl->clock; }

void AsioLoop::run() {
  m_impl->io.restart();
  m_impl->io.run();
}

bool AsioLoop::runFor(Duration limit) {
  m_impl->io.restart();
  m_impl->stopped = false;
  asio::steady_timer deadline(m_impl->io, limit);
  bool timedOut = false;
  deadline.async_wait([&](const asio::error_code& ec) {
    if (!ec) {
      timedOut = true;
      m_impl->io.stop();
    }
  });
  m_impl->io.run();
  deadline.cancel();
  m_impl->io.restart();
  m_impl->io.poll();  // lets the cancelled deadline handler run while `deadline` is alive
  return !timedOut;
}

void AsioLoop::stop() { m_impl->io.stop(); }

asio::io_context& AsioLoop::context() { return m_impl->io; }

}  // namespace pier
