// pier_capture: listens on 127.0.0.1, answers Kafka clients just enough for them to produce
// and read metadata (CaptureResponder), and writes each request frame it receives, size prefix
// included, to <out>/<nn>-<Api>-v<version>.bin: the golden files tst_golden_frames checks.
//
//   pier_capture --out testdata/golden/kcat [--port 0] [--port-file F] [--seconds 60]
//                [--apis Produce,Metadata]
//
// The first frame of each (api, version) per run is kept; --apis keeps only those APIs. File
// numbers continue after the files already in <out>, so several runs can share a folder.
// Stops after --seconds whatever happens, so a stuck client never hangs the capture script.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "capture_responder.h"
#include "protocol/kafka_framing.h"
#include "protocol/kafka_request.h"
#include "runtime/asio/asio_network.h"

namespace fs = std::filesystem;
using namespace pier;
using namespace pier::protocol::kafka;

namespace {

struct Options {
  fs::path out;
  uint16_t port = 0;
  std::string portFile;
  int seconds = 60;
  std::set<std::string> apis;  // empty: all
};

bool parseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--out") {
      o.out = value;
    } else if (key == "--port") {
      o.port = static_cast<uint16_t>(std::stoi(value));
    } else if (key == "--port-file") {
      o.portFile = value;
    } else if (key == "--seconds") {
      o.seconds = std::stoi(value);
    } else if (key == "--apis") {
      for (std::size_t at = 0; at <= value.size();) {
        const std::size_t comma = std::min(value.find(',', at), value.size());
        o.apis.insert(value.substr(at, comma - at));
        at = comma + 1;
      }
    } else {
      return false;
    }
  }
  return !o.out.empty() && argc % 2 == 1;
}

// Writes request frames to the output folder, numbered, first of each (api, version) only.
class FrameRecorder {
 public:
  explicit FrameRecorder(Options options) : m_options(std::move(options)) {
    fs::create_directories(m_options.out);
    for (const auto& entry : fs::directory_iterator(m_options.out)) {
      if (entry.path().extension() == ".bin") ++m_next;
    }
  }

  void record(const RequestEnvelope& req, std::span<const uint8_t> payload) {
    const std::string api(req.api->name);
    if (!m_options.apis.empty() && !m_options.apis.contains(api)) return;
    if (!m_seen.insert({req.apiKey(), req.apiVersion()}).second) return;
    char name[128];
    std::snprintf(name, sizeof name, "%02d-%s-v%d.bin", m_next++, api.c_str(), req.apiVersion());
    const Result<std::vector<uint8_t>> framed = encodeFrame(payload);
    std::ofstream file(m_options.out / name, std::ios::binary);
    file.write(reinterpret_cast<const char*>(framed->data()),
               static_cast<std::streamsize>(framed->size()));
    std::cerr << "pier_capture: saved " << (m_options.out / name).string() << "\n";
  }

 private:
  Options m_options;
  int m_next = 0;
  std::set<std::pair<int16_t, int16_t>> m_seen;
};

// One client connection: frames in, responses out, in request order.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<Connection> conn, capture::CaptureResponder& responder,
          FrameRecorder& recorder)
      : m_conn(std::move(conn)), m_responder(responder), m_recorder(recorder) {}

  void readMore() {
    auto self = shared_from_this();
    m_conn->read(m_buffer, [self](Result<std::size_t> n) {
      if (!n) return;  // closed by the client
      if (Status s = self->m_frames.feed({self->m_buffer.data(), *n}); !s.isOk()) {
        std::cerr << "pier_capture: " << s.toString() << "\n";
        self->m_conn->close();
        return;
      }
      while (auto frame = self->m_frames.next()) self->onFrame(*frame);
      if (self->m_conn->isOpen()) self->readMore();
    });
  }

 private:
  void onFrame(std::vector<uint8_t>& payload) {
    const Result<RequestEnvelope> req = parseRequest(payload);
    if (!req) {
      std::cerr << "pier_capture: bad request: " << req.status().toString() << "\n";
      m_conn->close();
      return;
    }
    std::cerr << "pier_capture: " << req->api->name << " v" << req->apiVersion() << " from "
              << req->header.clientId.value_or("(null)") << "\n";
    m_recorder.record(*req, payload);
    auto response = m_responder.respond(*req);
    if (!response) {
      std::cerr << "pier_capture: no answer: " << response.status().toString() << "\n";
      m_conn->close();
      return;
    }
    if (*response) m_conn->write(std::move(**response), [](Status) {});
  }

  std::shared_ptr<Connection> m_conn;
  capture::CaptureResponder& m_responder;
  FrameRecorder& m_recorder;
  FrameDecoder m_frames;
  std::vector<uint8_t> m_buffer = std::vector<uint8_t>(64 * 1024);
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parseArgs(argc, argv, options)) {
    std::cerr << "usage: pier_capture --out DIR [--port N] [--port-file F] [--seconds S]"
                 " [--apis A,B]\n";
    return 2;
  }
  AsioLoop loop;
  AsioNetwork net(loop);
  FrameRecorder recorder(options);
  std::unique_ptr<capture::CaptureResponder> responder;
  auto listener = net.listen(Endpoint{"127.0.0.1", options.port},
                             [&](Result<std::shared_ptr<Connection>> conn) {
                               if (!conn) return;
                               std::make_shared<Session>(*conn, *responder, recorder)->readMore();
                             });
  if (!listener) {
    std::cerr << "pier_capture: " << listener.status().toString() << "\n";
    return 1;
  }
  const Endpoint at = (*listener)->localEndpoint();
  responder = std::make_unique<capture::CaptureResponder>(at.host, at.port);
  if (!options.portFile.empty()) std::ofstream(options.portFile) << at.port << "\n";
  std::cerr << "pier_capture: listening on " << at.toString() << "\n";
  loop.runFor(std::chrono::seconds(options.seconds));
  (*listener)->close();
  return 0;
}
