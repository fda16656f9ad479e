#include "dialogs/create_topic_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pier {

namespace {

constexpr int kTopicNameLengthMax = 249;  // Kafka's Topic.MAX_NAME_LENGTH
constexpr int kPartitionsMax = 100000;
constexpr int kDefaultPartitions = 3;

struct CommonConfig {
  const char* key;
  const char* kafkaDefault;
};

// The settings people change most, with Kafka 3.8's topic defaults.
constexpr CommonConfig kCommonConfigs[] = {
    {"cleanup.policy", "delete"},         {"retention.ms", "604800000"},
    {"retention.bytes", "-1"},            {"segment.bytes", "1073741824"},
    {"min.insync.replicas", "1"},         {"compression.type", "producer"},
    {"max.message.bytes", "1048588"},     {"message.timestamp.type", "CreateTime"},
};

enum ConfigColumn { KeyColumn, ValueColumn, DefaultColumn };

}  // namespace

CreateTopicDialog::CreateTopicDialog(int brokerCount, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Create Topic"));
  m_name = new QLineEdit(this);
  m_name->setObjectName(QStringLiteral("topicName"));
  m_name->setMaxLength(kTopicNameLengthMax);
  m_partitions = new QSpinBox(this);
  m_partitions->setObjectName(QStringLiteral("partitions"));
  m_partitions->setRange(1, kPartitionsMax);
  m_partitions->setValue(kDefaultPartitions);
  m_replicationFactor = new QSpinBox(this);
  m_replicationFactor->setObjectName(QStringLiteral("replicationFactor"));
  m_replicationFactor->setRange(1, brokerCount > 0 ? brokerCount : SHRT_MAX);
  m_replicationFactor->setValue(std::min(3, m_replicationFactor->maximum()));

  m_configs = new QTableWidget(static_cast<int>(std::size(kCommonConfigs)), 3, this);
  m_configs->setObjectName(QStringLiteral("configs"));
  m_configs->setHorizontalHeaderLabels({tr("Setting"), tr("Value"), tr("Default")});
  m_configs->verticalHeader()->hide();
  m_configs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_configs->horizontalHeader()->setStretchLastSection(true);
  int row = 0;
  for (const CommonConfig& c : kCommonConfigs) {
    auto* key = new QTableWidgetItem(QString::fromLatin1(c.key));
    key->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    auto* fallback = new QTableWidgetItem(QString::fromLatin1(c.kafkaDefault));
    fallback->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_configs->setItem(row, KeyColumn, key);
    m_configs->setItem(row, ValueColumn, new QTableWidgetItem);
    m_configs->setItem(row, DefaultColumn, fallback);
    ++row;
  }

  m_problem = new QLabel(this);
  m_problem->setObjectName(QStringLiteral("nameProblem"));
  m_problem->setWordWrap(true);
  m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_name, &QLineEdit::textChanged, this, &CreateTopicDialog::validate);

  auto* form = new QFormLayout;
  form->addRow(tr("&Name:"), m_name);
  form->addRow(tr("&Partitions:"), m_partitions);
  form->addRow(tr("&Replication factor:"), m_replicationFactor);
  auto* hint = new QLabel(tr("Settings left empty keep the broker's default."), this);
  hint->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(hint);
  layout->addWidget(m_configs, 1);
  layout->addWidget(m_problem);
  layout->addWidget(m_buttons);
  validate();
}

QString CreateTopicDialog::nameProblem(const QString& name) {
  static const QRegularExpression legal(QStringLiteral("^[a-zA-Z0-9._-]+$"));
  if (name.isEmpty()) {
    return tr("Enter a topic name.");
  }
  if (name == u"." || name == u"..") {
    return tr("A topic cannot be named \".\" or \"..\".");
  }
  if (name.size() > kTopicNameLengthMax) {
    return tr("A topic name has at most %1 characters.").arg(kTopicNameLengthMax);
  }
  if (!legal.match(name).hasMatch()) {
    return tr("A topic name uses only ASCII letters, digits, '.', '_' and '-'.");
  }
  return {};
}

void CreateTopicDialog::validate() {
  QString problem = nameProblem(m_name->text());
  if (problem.isEmpty() && (m_name->text().contains(u'.') || m_name->text().contains(u'_'))) {
    // Kafka's own warning: metric names replace '.' with '_', so such names can collide.
    m_problem->setText(tr("Note: '.' and '_' can collide in metric names; avoid mixing them."));
  } else {
    m_problem->setText(m_name->text().isEmpty() ? QString() : problem);
  }
  m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void CreateTopicDialog::setTopicName(const QString& name) { m_name->setText(name); }

NewTopic CreateTopicDialog::topic() const {
  NewTopic topic;
  topic.name = m_name->text();
  topic.partitions = m_partitions->value();
  topic.replicationFactor = m_replicationFactor->value();
  for (int row = 0; row < m_configs->rowCount(); ++row) {
    const QString value = m_configs->item(row, ValueColumn)->text().trimmed();
    if (!value.isEmpty()) {
      topic.configs.append({m_configs->item(row, KeyColumn)->text(), value});
    }
  }
  return topic;
}

}  // namespace pier
