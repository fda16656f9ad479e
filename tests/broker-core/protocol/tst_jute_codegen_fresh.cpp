// The committed jute codecs (protocol/zookeeper/generated/) must be exactly what
// generate_jute.py produces from zookeeper.jute: a hand edit of generated code, or a jute or
// generator change without regenerating, fails here. The generator must also refuse, with a
// non-zero exit naming the line, any jute it does not understand.
//
// Without ../shared/protocol/zookeeper the freshness comparison cannot run: the other checks
// still run, then the test prints NOT CHECKED and exits 77, which ctest reports as skipped
// rather than passed.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "generated_tree.h"

#include <cstdio>

namespace {

bool specPresent() { return QFile::exists(QStringLiteral(PIER_JUTE_SPEC)); }

}  // namespace

class TestJuteCodegenFresh : public QObject {
  Q_OBJECT

 private:

  // Runs the generator; its exit code (-1 if it did not run to completion) and stderr.
  static int runGenerator(const QString& jute, const QString& out, QString* errors) {
    QProcess p;
    p.start(PIER_PYTHON, {PIER_JUTE_GENERATOR, "--jute", jute, "--out", out});
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) return -1;
    *errors = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode();
  }

  // Writes `jute` to a file, runs the generator on it and checks that it fails, writes
  // nothing, and says which line and what is wrong.
  static void expectRejected(const QByteArray& jute, const QStringList& mentions) {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("bad.jute");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(jute);
    f.close();
    const QString out = dir.filePath("out");
    QString errors;
    const int exitCode = runGenerator(path, out, &errors);
    QVERIFY2(exitCode > 0, qPrintable(QString("exit %1: %2").arg(exitCode).arg(errors)));
    QVERIFY2(errors.contains("bad.jute"), qPrintable(errors));
    for (const QString& m : mentions) {
      QVERIFY2(errors.contains(m), qPrintable(m + " not in: " + errors));
    }
    QVERIFY2(!QDir(out).exists(), "the generator wrote output for a jute file it rejected");
  }

 private slots:
  void committedOutputMatchesGenerator() {
    if (!specPresent()) {
      std::printf("NOT CHECKED: %s is absent, so the generated jute codecs were not compared "
                  "with it\n", PIER_JUTE_SPEC);
      return;
    }
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString errors;
    QCOMPARE(runGenerator(PIER_JUTE_SPEC, tmp.path(), &errors), 0);

    const QStringList fresh = pier::testing::relativeFiles(tmp.path());
    QVERIFY2(fresh.contains("jute_records.h") && fresh.contains("testing/jute_random.cpp"),
             qPrintable(errors));
    pier::testing::verifySameTree(tmp.path(), PIER_JUTE_GENERATED_DIR, "run broker-core/protocol/codegen/generate_jute.py, see broker-core/protocol/README.md");
  }

  void generatorFailsLoudlyOnUnknownType_data() {
    QTest::addColumn<QByteArray>("jute");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("unsupported primitive")
        << QByteArray("module a.b {\n  class A {\n    int x;\n    float y;\n  }\n}\n")
        << QStringList{"line 4", "float"};
    QTest::newRow("unknown class of the same module")
        << QByteArray("module a.b {\n  class A {\n    int x;\n\n    Stat2 s;\n  }\n}\n")
        << QStringList{"line 5", "Stat2", "A.s"};
    QTest::newRow("unknown class in a vector")
        << QByteArray("module a.b {\n  class A {\n    vector<org.x.Y> ys;\n  }\n}\n")
        << QStringList{"line 3", "org.x.Y", "A.ys"};
  }
  void generatorFailsLoudlyOnUnknownType() {
    QFETCH(QByteArray, jute);
    QFETCH(QStringList, mentions);
    expectRejected(jute, mentions);
  }

  // Input the generator used to turn into C++ that does not compile or decodes wrongly.
  void generatorFailsLoudlyOnUnusableRecords_data() {
    QTest::addColumn<QByteArray>("jute");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("class used before it is defined")
        << QByteArray("module a.b {\n  class A {\n    B b;\n  }\n  class B { int x; }\n}\n")
        << QStringList{"line 3", "a.b.B", "before it is defined"};
    QTest::newRow("duplicate field")
        << QByteArray("module a.b {\n  class A {\n    int x;\n    long x;\n  }\n}\n")
        << QStringList{"line 4", "duplicate field 'x'"};
    QTest::newRow("vector of a class without fields")
        << QByteArray("module a.b {\n  class E {\n  }\n  class B {\n    vector<E> e;\n  }\n}\n")
        << QStringList{"line 5", "a.b.E"};
    QTest::newRow("missing semicolon")
        << QByteArray("module a.b {\n  class A {\n    int x\n  }\n}\n")
        << QStringList{"line 4", "expected ';'"};
    QTest::newRow("unexpected end of file")
        << QByteArray("module a.b {\n  class A {\n    int x;\n")
        << QStringList{"line 3", "end of file"};
  }
  void generatorFailsLoudlyOnUnusableRecords() {
    QFETCH(QByteArray, jute);
    QFETCH(QStringList, mentions);
    expectRejected(jute, mentions);
  }
};

// QTEST_APPLESS_MAIN, plus the "not checked" exit for ctest's SKIP_RETURN_CODE.
int main(int argc, char** argv) {
  TestJuteCodegenFresh test;
  QTEST_SET_MAIN_SOURCE_PATH
  const int failures = QTest::qExec(&test, argc, argv);
  if (failures == 0 && !specPresent()) return 77;
  return failures;
}

#include "tst_jute_codegen_fresh.moc"
