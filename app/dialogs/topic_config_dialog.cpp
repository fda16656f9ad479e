#include "dialogs/topic_config_dialog.h"

#include "models/topic_config_model.h"
#include "pages/error_text.h"
#include "pages/message_banner.h"
#include "pages/page_parts.h"
#include "session/topic_config_client.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace pier {

TopicConfigDialog::TopicConfigDialog(TopicConfigClient* client, const QString& topic,
                                     QWidget* parent)
    : QDialog(parent), m_client(client), m_topic(topic) {
  setWindowTitle(tr("Configs of %1").arg(topic));
  m_banner = new MessageBanner(this);
  m_banner->setObjectName(QStringLiteral("configBanner"));
  m_filter = new QLineEdit(this);
  m_filter->setObjectName(QStringLiteral("configFilter"));
  m_filter->setClearButtonEnabled(true);
  m_filter->setPlaceholderText(tr("Filter configs by name"));
  m_model = new TopicConfigModel(this);
  m_filtered = new QSortFilterProxyModel(this);
  m_filtered->setSourceModel(m_model);
  m_filtered->setFilterKeyColumn(TopicConfigModel::NameColumn);
  m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_view = makeTableView(m_filtered, QStringLiteral("configTable"), this);
  m_view->sortByColumn(TopicConfigModel::NameColumn, Qt::AscendingOrder);
  m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("configStatus"));
  m_status->setWordWrap(true);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  m_reset = buttons->addButton(tr("&Reset to Default"), QDialogButtonBox::ActionRole);
  m_reset->setObjectName(QStringLiteral("resetConfig"));
  m_discard = buttons->addButton(tr("&Discard Changes"), QDialogButtonBox::ResetRole);
  m_discard->setObjectName(QStringLiteral("discardConfigs"));
  m_reload = buttons->addButton(tr("Re&load"), QDialogButtonBox::ActionRole);
  m_reload->setObjectName(QStringLiteral("reloadConfigs"));
  m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::ApplyRole);
  m_apply->setObjectName(QStringLiteral("applyConfigs"));
  m_apply->setDefault(true);

  connect(m_filter, &QLineEdit::textChanged, m_filtered,
          &QSortFilterProxyModel::setFilterFixedString);
  connect(m_reset, &QPushButton::clicked, this, &TopicConfigDialog::resetSelected);
  connect(m_discard, &QPushButton::clicked, m_model, &TopicConfigModel::discardEdits);
  connect(m_reload, &QPushButton::clicked, this, &TopicConfigDialog::reload);
  connect(m_apply, &QPushButton::clicked, this, &TopicConfigDialog::apply);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_model, &TopicConfigModel::editsChanged, this, &TopicConfigDialog::updateButtons);
  connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &TopicConfigDialog::updateButtons);
  connect(m_client, &TopicConfigClient::topicConfigsRead, this, &TopicConfigDialog::onRead);
  connect(m_client, &TopicConfigClient::topicConfigsAltered, this, &TopicConfigDialog::onAltered);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  layout->addWidget(m_filter);
  layout->addWidget(m_view, 1);
  layout->addWidget(m_status);
  layout->addWidget(buttons);
  reload();
}

void TopicConfigDialog::reload() {
  m_pendingRead = m_client->describeTopicConfigs(m_topic);
  updateButtons();
}

void TopicConfigDialog::apply() {
  const QList<TopicConfigChange> changes = m_model->changes();
  if (changes.isEmpty() || busy()) {
    return;
  }
  m_sentCount = static_cast<int>(changes.size());
  m_pendingAlter = m_client->alterTopicConfigs(m_topic, changes);
  updateButtons();
}

void TopicConfigDialog::resetSelected() {
  const QModelIndex current = m_view->currentIndex();
  if (current.isValid()) {
    m_model->resetToDefault(m_filtered->mapToSource(current).row());
  }
}

void TopicConfigDialog::onRead(int requestId, const TopicConfigs& configs) {
  if (requestId != m_pendingRead) {
    return;
  }
  m_pendingRead = 0;
  if (!configs.error.name.isEmpty()) {
    m_banner->showMessage(
        MessageBanner::Kind::Error,
        ErrorText::describe(tr("Reading the configs of %1 failed").arg(m_topic), configs.error));
  } else {
    m_model->setConfigs(configs.entries);
  }
  updateButtons();
}

void TopicConfigDialog::onAltered(int requestId, const KafkaError& error) {
  if (requestId != m_pendingAlter) {
    return;
  }
  m_pendingAlter = 0;
  if (error.name.isEmpty()) {
    m_banner->showMessage(MessageBanner::Kind::Info,
                          tr("Applied %n change(s) to %1.", nullptr, m_sentCount).arg(m_topic));
    m_model->discardEdits();
    reload();
  } else {
    m_banner->showMessage(
        MessageBanner::Kind::Error,
        ErrorText::describe(tr("Changing the configs of %1 failed").arg(m_topic), error));
  }
  emit altered(m_topic, error, m_sentCount);
  updateButtons();
}

void TopicConfigDialog::updateButtons() {
  const int pending = static_cast<int>(m_model->changes().size());
  const QModelIndex current = m_view->currentIndex();
  const bool editable =
      current.isValid() && !m_model->rowAt(m_filtered->mapToSource(current).row()).readOnly;
  m_apply->setEnabled(pending > 0 && !busy());
  m_discard->setEnabled(pending > 0 && m_pendingAlter == 0);
  m_reset->setEnabled(editable && m_pendingAlter == 0);
  m_reload->setEnabled(m_pendingRead == 0);
  if (m_pendingAlter != 0) {
    m_status->setText(tr("Sending %n change(s)…", nullptr, m_sentCount));
  } else if (m_pendingRead != 0) {
    m_status->setText(tr("Reading configs…"));
  } else if (pending > 0) {
    m_status->setText(tr("%n change(s) not applied yet.", nullptr, pending));
  } else {
    m_status->setText(tr("Double-click a value to change it."));
  }
}

}  // namespace pier
