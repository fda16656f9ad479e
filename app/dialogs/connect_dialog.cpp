#include "dialogs/connect_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

namespace pier {

ConnectDialog::ConnectDialog(const QList<ConnectionProfile>& profiles, QWidget* parent)
    : QDialog(parent), m_profiles(profiles) {
  setWindowTitle(tr("Connect to Cluster"));
  m_saved = new QComboBox(this);
  m_saved->setObjectName(QStringLiteral("savedConnections"));
  m_saved->addItem(tr("New connection"));
  for (const ConnectionProfile& p : profiles) {
    m_saved->addItem(tr("%1 (%2)").arg(p.settings.name, p.settings.bootstrap));
  }
  connect(m_saved, &QComboBox::currentIndexChanged, this, [this](int i) { chooseProfile(i - 1); });
  m_name = new QLineEdit(this);
  m_name->setObjectName(QStringLiteral("connectionName"));
  m_bootstrap = new QLineEdit(this);
  m_bootstrap->setObjectName(QStringLiteral("bootstrapServers"));
  m_bootstrap->setPlaceholderText(QStringLiteral("localhost:9092"));
  m_coordinator = new QLineEdit(this);
  m_coordinator->setObjectName(QStringLiteral("coordinator"));
  m_coordinator->setPlaceholderText(tr("optional, e.g. localhost:2181"));
  m_colour = new QComboBox(this);
  m_colour->setObjectName(QStringLiteral("colour"));
  const QList<QPair<QString, QString>> colours = {{tr("None"), QString()},
                                                  {tr("Red (production)"), QStringLiteral("#d9534f")},
                                                  {tr("Orange"), QStringLiteral("#f0ad4e")},
                                                  {tr("Green"), QStringLiteral("#5cb85c")},
                                                  {tr("Blue"), QStringLiteral("#428bca")},
                                                  {tr("Purple"), QStringLiteral("#8e6bbf")}};
  for (const auto& [label, colour] : colours) {
    QPixmap swatch(fontMetrics().height(), fontMetrics().height());
    swatch.fill(colour.isEmpty() ? QColor(Qt::transparent) : QColor(colour));
    m_colour->addItem(QIcon(swatch), label, colour);
  }
  m_save = new QCheckBox(tr("&Save this connection (secrets go to the keychain)"), this);
  m_save->setObjectName(QStringLiteral("saveProfile"));
  m_save->setChecked(true);
  m_properties = new QPlainTextEdit(this);
  m_properties->setObjectName(QStringLiteral("clientProperties"));
  m_properties->setPlaceholderText(QStringLiteral("security.protocol=SASL_SSL\nsasl.mechanism=PLAIN"));
  m_problem = new QLabel(this);
  m_problem->setWordWrap(true);

  auto* import = new QPushButton(tr("&Import .properties…"), this);
  connect(import, &QPushButton::clicked, this, &ConnectDialog::importProperties);
  m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
  m_buttons->addButton(import, QDialogButtonBox::ActionRole);
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_bootstrap, &QLineEdit::textChanged, this, &ConnectDialog::validate);
  connect(m_properties, &QPlainTextEdit::textChanged, this, &ConnectDialog::validate);

  auto* form = new QFormLayout;
  if (!profiles.isEmpty()) {
    form->addRow(tr("Sa&ved:"), m_saved);
  } else {
    m_saved->hide();
  }
  form->addRow(tr("&Name:"), m_name);
  form->addRow(tr("&Bootstrap servers:"), m_bootstrap);
  form->addRow(tr("C&oordinator:"), m_coordinator);
  form->addRow(tr("Co&lour:"), m_colour);
  form->addRow(tr("Client &properties:"), m_properties);
  form->addRow(QString(), m_save);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form, 1);
  layout->addWidget(m_problem);
  layout->addWidget(m_buttons);
  validate();
}

QList<QPair<QString, QString>> ConnectDialog::parseProperties(const QString& text, QString* problem) {
  QList<QPair<QString, QString>> out;
  const QStringList lines = text.split(u'\n');
  for (qsizetype i = 0; i < lines.size(); ++i) {
    const QString line = lines[i].trimmed();
    if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u'!')) {
      continue;
    }
    qsizetype sep = line.indexOf(u'=');
    const qsizetype colon = line.indexOf(u':');
    if (sep < 0 || (colon >= 0 && colon < sep)) {
      sep = colon;
    }
    if (sep <= 0) {
      if (problem->isEmpty()) {
        *problem = tr("Line %1 is not key=value: %2").arg(i + 1).arg(line);
      }
      continue;
    }
    out.append({line.left(sep).trimmed(), line.mid(sep + 1).trimmed()});
  }
  return out;
}

void ConnectDialog::chooseProfile(int index) {
  if (index < 0 || index >= m_profiles.size()) {
    m_profileSecretKeys.clear();
    return;
  }
  const ConnectionProfile& p = m_profiles[index];
  setSettings(p.settings);
  m_profileSecretKeys = p.secretKeys;
  if (!p.secretKeys.isEmpty()) {
    m_problem->setText(tr("Kept in the keychain: %1. Type a value here only to replace it.")
                           .arg(p.secretKeys.join(QStringLiteral(", "))));
  }
  const QSignalBlocker blocker(m_saved);
  m_saved->setCurrentIndex(static_cast<int>(index) + 1);
}

bool ConnectDialog::saveProfile() const { return m_save->isChecked(); }

QStringList ConnectDialog::secretKeysToRead() const {
  QStringList keys;
  const ConnectionSettings typed = settings();
  for (const QString& key : m_profileSecretKeys) {
    const bool typedIn = std::any_of(typed.properties.begin(), typed.properties.end(),
                                     [&](const QPair<QString, QString>& p) { return p.first == key; });
    if (!typedIn) {
      keys.append(key);
    }
  }
  return keys;
}

void ConnectDialog::setSettings(const ConnectionSettings& settings) {
  m_name->setText(settings.name);
  m_bootstrap->setText(settings.bootstrap);
  m_coordinator->setText(settings.coordinator);
  m_colour->setCurrentIndex(std::max(0, m_colour->findData(settings.colour)));
  QStringList lines;
  for (const auto& [key, value] : settings.properties) {
    lines.append(key + u'=' + value);
  }
  m_properties->setPlainText(lines.join(u'\n'));
}

ConnectionSettings ConnectDialog::settings() const {
  QString ignored;
  ConnectionSettings s;
  s.bootstrap = m_bootstrap->text().trimmed();
  s.name = m_name->text().trimmed().isEmpty() ? s.bootstrap : m_name->text().trimmed();
  s.properties = parseProperties(m_properties->toPlainText(), &ignored);
  s.coordinator = m_coordinator->text().trimmed();
  s.colour = m_colour->currentData().toString();
  return s;
}

void ConnectDialog::importProperties() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Import Client Properties"), QString(),
                                                    tr("Properties files (*.properties *.conf);;All files (*)"));
  if (path.isEmpty()) {
    return;
  }
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
    m_problem->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
    return;
  }
  QString problem;
  QList<QPair<QString, QString>> properties = parseProperties(QString::fromUtf8(file.readAll()), &problem);
  ConnectionSettings s = settings();
  // bootstrap.servers in the file fills the field; everything else becomes a client property.
  for (qsizetype i = properties.size() - 1; i >= 0; --i) {
    if (properties[i].first == u"bootstrap.servers") {
      s.bootstrap = properties[i].second;
      properties.removeAt(i);
    }
  }
  s.properties = properties;
  setSettings(s);
  if (!problem.isEmpty()) {
    m_problem->setText(problem);
  }
}

void ConnectDialog::validate() {
  QString problem;
  parseProperties(m_properties->toPlainText(), &problem);
  if (m_bootstrap->text().trimmed().isEmpty()) {
    problem = tr("Enter at least one bootstrap server, as host:port.");
  }
  m_problem->setText(problem);
  m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace pier
