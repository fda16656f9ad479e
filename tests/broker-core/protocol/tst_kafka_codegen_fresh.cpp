// The committed generated codecs must be exactly what the generator produces from the specs:
// a hand edit of generated code, or a spec/generator change without regenerating, fails here.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "generated_tree.h"

class TestKafkaCodegenFresh : public QObject {
  Q_OBJECT

 private:

  QProcess::ExitStatus runGenerator(const QString& specDir, const QString& out, QString* errors) {
    QProcess p;
    p.start(PIER_PYTHON, {PIER_KAFKA_GENERATOR, "--spec-dir", specDir, "--out", out});
    p.waitForFinished(120000);
    *errors = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode() == 0 ? p.exitStatus() : QProcess::CrashExit;
  }

 private slots:
  void committedOutputMatchesGenerator() {
    if (!QDir(PIER_KAFKA_SPEC_DIR).exists()) {
      QSKIP("NOT CHECKED: ../shared/protocol/kafka is absent, so the generated codecs were not "
            "compared with the specs");
    }
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString errors;
    QCOMPARE(runGenerator(PIER_KAFKA_SPEC_DIR, tmp.path(), &errors), QProcess::NormalExit);

    QVERIFY2(pier::testing::relativeFiles(tmp.path()).size() > 100, qPrintable(errors));
    pier::testing::verifySameTree(tmp.path(), PIER_KAFKA_GENERATED_DIR, "run broker-core/protocol/codegen/generate_kafka.py, see README");
  }

  // The generator must refuse specs it does not understand rather than guess.
  void generatorFailsLoudlyOnUnknownType() {
    QTemporaryDir specs;
    QTemporaryDir out;
    QFile f(specs.filePath("BadRequest.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({ // a comment
      "apiKey": 999, "type": "request", "name": "BadRequest", "validVersions": "0",
      "flexibleVersions": "none",
      "fields": [ { "name": "Weird", "type": "int128", "versions": "0+" } ] })");
    f.close();
    QString errors;
    QCOMPARE(runGenerator(specs.path(), out.path(), &errors), QProcess::CrashExit);
    QVERIFY2(errors.contains("BadRequest.json") && errors.contains("Weird") &&
                 errors.contains("int128"),
             qPrintable(errors));
  }

  void generatorFailsLoudlyOnUnknownAttribute() {
    QTemporaryDir specs;
    QTemporaryDir out;
    QFile f(specs.filePath("BadRequest.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({ "apiKey": 999, "type": "request", "name": "BadRequest", "validVersions": "0",
      "flexibleVersions": "none",
      "fields": [ { "name": "Id", "type": "int32", "versions": "0+", "sortOrder": 1 } ] })");
    f.close();
    QString errors;
    QCOMPARE(runGenerator(specs.path(), out.path(), &errors), QProcess::CrashExit);
    QVERIFY2(errors.contains("Id") && errors.contains("sortOrder"), qPrintable(errors));
  }
};

QTEST_APPLESS_MAIN(TestKafkaCodegenFresh)
#include "tst_kafka_codegen_fresh.moc"
