#include "settings/secret_store.h"

#include <qt6keychain/keychain.h>

namespace pier {

namespace {

QString keyOf(const QString& profile, const QString& property) { return profile + u'/' + property; }

template <typename Job>
Job* newJob(QObject* parent) {
  auto* job = new Job(QString::fromLatin1(SecretStore::kService), parent);
  job->setAutoDelete(true);
  job->setInsecureFallback(false);  // never a plain-text file
  return job;
}

}  // namespace

SecretStore::SecretStore(QObject* parent) : QObject(parent) {}

void SecretStore::write(const QString& profile, const Properties& secrets, std::function<void(const QString&)> done) {
  writeNext(profile, secrets, {}, std::move(done));
}

// One job at a time: keychain back ends serialise anyway, and the first error is the one reported.
void SecretStore::writeNext(const QString& profile, Properties left, QString error,
                            std::function<void(const QString&)> done) {
  if (left.isEmpty()) {
    done(error);
    return;
  }
  const auto [key, value] = left.takeFirst();
  auto* job = newJob<QKeychain::WritePasswordJob>(this);
  job->setKey(keyOf(profile, key));
  job->setTextData(value);
  connect(job, &QKeychain::Job::finished, this, [=, this](QKeychain::Job* finished) {
    const QString why = finished->error() == QKeychain::NoError || !error.isEmpty() ? error : finished->errorString();
    writeNext(profile, left, why, done);
  });
  job->start();
}

void SecretStore::read(const QString& profile, const QStringList& keys,
                       std::function<void(const Properties&, const QString&)> done) {
  readNext(profile, keys, {}, {}, std::move(done));
}

void SecretStore::readNext(const QString& profile, QStringList left, Properties found, QString error,
                           std::function<void(const Properties&, const QString&)> done) {
  if (left.isEmpty()) {
    done(found, error);
    return;
  }
  const QString key = left.takeFirst();
  auto* job = newJob<QKeychain::ReadPasswordJob>(this);
  job->setKey(keyOf(profile, key));
  connect(job, &QKeychain::Job::finished, this, [=, this](QKeychain::Job* finished) mutable {
    if (finished->error() == QKeychain::NoError) {
      found.append({key, static_cast<QKeychain::ReadPasswordJob*>(finished)->textData()});
    } else if (error.isEmpty()) {
      error = finished->errorString();
    }
    readNext(profile, left, found, error, done);
  });
  job->start();
}

void SecretStore::remove(const QString& profile, const QStringList& keys) {
  for (const QString& key : keys) {
    auto* job = newJob<QKeychain::DeletePasswordJob>(this);
    job->setKey(keyOf(profile, key));
    job->start();
  }
}

}  // namespace pier
