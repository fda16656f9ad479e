// Status and Result: error identity across modules, context, propagation macros, and
// PIER_ASSERT aborting in this very build (which is a release build with NDEBUG in CI).

#include <QtTest>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "base/base_error.h"
#include "base/result.h"

namespace demo {
enum class DemoError { Broken, AlsoBroken };
std::string_view describe(DemoError e) { return e == DemoError::Broken ? "Broken" : "AlsoBroken"; }
}  // namespace demo
PIER_ERROR_DOMAIN(demo::DemoError, "demo");

using namespace pier;
using demo::DemoError;

namespace {
Result<int> parsePositive(int v) {
  if (v <= 0) return Status(DemoError::Broken, "not positive: " + std::to_string(v));
  return v;
}

Result<int> doubled(int v) {
  PIER_ASSIGN_OR_RETURN(int x, parsePositive(v));
  return 2 * x;
}

Status check(int v) {
  PIER_RETURN_IF_ERROR(parsePositive(v).status());
  return Status::ok();
}

// Runs fn in a child process; returns the signal that ended it (0 when it exited normally).
int signalOfChild(void (*fn)()) {
  pid_t pid = fork();
  if (pid == 0) {
    rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}
}  // namespace

class TestStatus : public QObject {
  Q_OBJECT

 private slots:
  void okStatus() {
    Status s;
    QVERIFY(s.isOk());
    QCOMPARE(s.toString(), std::string("ok"));
    QVERIFY(!s.is(DemoError::Broken));
  }

  void errorIdentityIsPerDomain() {
    Status s(DemoError::AlsoBroken, "details");
    QVERIFY(!s.isOk());
    QVERIFY(s.is(DemoError::AlsoBroken));
    QVERIFY(!s.is(DemoError::Broken));
    // Same numeric code in another module's enum is a different error.
    QCOMPARE(static_cast<int>(BaseError::InvalidLength), static_cast<int>(DemoError::AlsoBroken));
    QVERIFY(!s.is(BaseError::InvalidLength));
    QVERIFY(s.inDomain<DemoError>());
    QCOMPARE(s.module(), std::string_view("demo"));
    QCOMPARE(s.codeName(), std::string_view("AlsoBroken"));
    QCOMPARE(s.toString(), std::string("demo.AlsoBroken: details"));
  }

  void context() {
    Status s = Status(BaseError::Truncated, "need 4 bytes").withContext("decode Produce v9");
    QCOMPARE(s.toString(), std::string("base.Truncated: decode Produce v9: need 4 bytes"));
    QVERIFY(Status::ok().withContext("x").isOk());
  }

  void resultPropagation() {
    QCOMPARE(*doubled(21), 42);
    Result<int> bad = doubled(-1);
    QVERIFY(!bad);
    QVERIFY(bad.status().is(DemoError::Broken));
    QCOMPARE(bad.status().message(), std::string("not positive: -1"));
    QCOMPARE(bad.valueOr(7), 7);
    QVERIFY(check(3).isOk());
    QVERIFY(check(0).is(DemoError::Broken));
  }

  void resultHoldsMoveOnlyValues() {
    Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
    std::unique_ptr<int> p = std::move(r).value();
    QCOMPARE(*p, 5);
  }

  void assertAbortsInThisBuild() {
    int sig = signalOfChild([] {
      std::freopen("/dev/null", "w", stderr);  // keep the expected report out of the test log
      PIER_ASSERT(1 + 1 == 3, "arithmetic");
    });
    QCOMPARE(sig, SIGABRT);
    QCOMPARE(signalOfChild([] { PIER_ASSERT(1 + 1 == 2, "arithmetic"); }), 0);
  }

  void valueOfErrorAborts() {
    int sig = signalOfChild([] {
      std::freopen("/dev/null", "w", stderr);
      Result<int> r = Status(DemoError::Broken, "x");
      (void)r.value();
    });
    QCOMPARE(sig, SIGABRT);
  }
};

QTEST_APPLESS_MAIN(TestStatus)
#include "tst_status.moc"
