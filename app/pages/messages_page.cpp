#include "pages/messages_page.h"

#include "models/message_list_model.h"
#include "pages/error_text.h"
#include "pages/message_banner.h"
#include "pages/message_detail_view.h"
#include "session/message_reader.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace pier {

MessagesPage::MessagesPage(QWidget* parent) : QWidget(parent) {
  m_reader = new MessageReader(this);
  m_model = new MessageListModel(this);
  connect(m_model, &MessageListModel::pageWanted, m_reader, &MessageReader::readPage);
  connect(m_reader, &MessageReader::pageRead, m_model, &MessageListModel::addPage);
  connect(m_reader, &MessageReader::rangesResolved, this, &MessagesPage::onRangesResolved);
  connect(m_reader, &MessageReader::highWatermarksRead, this, [this](const QString& topic, const QMap<int, qint64>& hw) {
    if (topic != m_model->topic()) {
      return;
    }
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    m_model->extendTo(hw);
    if (atBottom && following()) {
      m_view->scrollToBottom();
    }
    updateStatus();
  });
  connect(m_model, &MessageListModel::pageFailed, this, [this](const QString& name, const QString& message) {
    m_banner->showMessage(MessageBanner::Kind::Error, ErrorText::describe(tr("Reading messages failed"), {name, message}));
  });

  m_banner = new MessageBanner(this);
  m_banner->setObjectName(QStringLiteral("messagesBanner"));
  m_topic = new QComboBox(this);
  m_topic->setObjectName(QStringLiteral("browseTopic"));
  m_topic->setMinimumContentsLength(16);
  m_topic->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_partition = new QComboBox(this);
  m_partition->setObjectName(QStringLiteral("browsePartition"));
  m_start = new QComboBox(this);
  m_start->setObjectName(QStringLiteral("browseStart"));
  for (int i = 0; i < 5; ++i) {
    m_start->addItem(QString(), i);  // texts in retranslate(); data is the BrowseStart value
  }
  m_number = new QLineEdit(this);
  m_number->setObjectName(QStringLiteral("browseNumber"));
  m_number->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,18}")), m_number));
  m_number->setText(QStringLiteral("100"));
  m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
  m_time->setObjectName(QStringLiteral("browseTime"));
  m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
  m_time->setCalendarPopup(true);
  m_go = new QPushButton(this);
  m_go->setObjectName(QStringLiteral("browseGo"));
  m_go->setDefault(true);
  m_follow = new QPushButton(this);
  m_follow->setObjectName(QStringLiteral("browseFollow"));
  m_follow->setCheckable(true);
  m_followTimer = new QTimer(this);
  m_followTimer->setInterval(kFollowIntervalMs);

  m_view = new QTableView(this);
  m_view->setObjectName(QStringLiteral("messageTable"));
  m_view->setModel(m_model);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setWordWrap(false);
  m_view->verticalHeader()->hide();
  // Every row the same height, fixed: the view never measures rows, so ten million cost nothing.
  m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + fontMetrics().height() / 2);
  m_view->horizontalHeader()->setStretchLastSection(false);
  m_view->horizontalHeader()->setSectionResizeMode(MessageListModel::ValueColumn, QHeaderView::Stretch);
  const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
  m_view->setColumnWidth(MessageListModel::PartitionColumn, digit * 9);
  m_view->setColumnWidth(MessageListModel::OffsetColumn, digit * 12);
  m_view->setColumnWidth(MessageListModel::TimestampColumn, digit * 24);
  m_view->setColumnWidth(MessageListModel::KeyColumn, digit * 18);
  m_detail = new MessageDetailView(this);
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("browseStatus"));

  connect(m_topic, &QComboBox::currentTextChanged, this, &MessagesPage::updatePartitions);
  connect(m_start, &QComboBox::currentIndexChanged, this, &MessagesPage::updateStartControls);
  connect(m_go, &QPushButton::clicked, this, &MessagesPage::browse);
  connect(m_number, &QLineEdit::returnPressed, this, &MessagesPage::browse);
  connect(m_follow, &QPushButton::toggled, this, &MessagesPage::setFollowing);
  connect(m_followTimer, &QTimer::timeout, this, [this] {
    if (!m_model->topic().isEmpty()) {
      QList<int> partitions;
      for (const PartitionRange& r : m_model->ranges()) {
        partitions.append(r.partition);
      }
      m_reader->readHighWatermarks(m_model->topic(), partitions);
    }
  });
  connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MessagesPage::onCurrentRowChanged);
  connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& first, const QModelIndex& last) {
    const int current = m_view->currentIndex().row();
    if (current >= first.row() && current <= last.row()) {
      onCurrentRowChanged();  // the selected row's page has just arrived
    }
  });

  auto* controls = new QHBoxLayout;
  controls->addWidget(m_topic, 2);
  controls->addWidget(m_partition, 1);
  controls->addWidget(m_start, 1);
  controls->addWidget(m_number, 1);
  controls->addWidget(m_time, 1);
  controls->addWidget(m_go);
  controls->addWidget(m_follow);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  splitter->addWidget(m_view);
  splitter->addWidget(m_detail);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  splitter->setSizes({fontMetrics().height() * 30, fontMetrics().height() * 16});  // list first
  splitter->setChildrenCollapsible(false);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  layout->addLayout(controls);
  layout->addWidget(splitter, 1);
  layout->addWidget(m_status);
  retranslate();
  updateStartControls();
  updateStatus();
}

MessagesPage::~MessagesPage() = default;

void MessagesPage::setConnection(const ConnectionSettings& settings) {
  m_connected = !settings.bootstrap.isEmpty();
  setFollowing(false);
  m_model->setBrowse({}, {});
  if (m_connected) {
    m_reader->open(settings);
  } else {
    m_reader->close();
  }
  updateStatus();
}

void MessagesPage::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  m_snapshot = snapshot;
  const QString current = m_topic->currentText();
  QStringList names;
  if (snapshot) {
    for (const TopicInfo& t : snapshot->topics) {
      names.append(t.name);
    }
  }
  QStringList shown;
  for (int i = 0; i < m_topic->count(); ++i) {
    shown.append(m_topic->itemText(i));
  }
  if (names != shown) {
    const QSignalBlocker blocker(m_topic);
    m_topic->clear();
    m_topic->addItems(names);
    m_topic->setCurrentIndex(std::max(0, static_cast<int>(names.indexOf(current))));
  }
  updatePartitions();
}

void MessagesPage::updatePartitions() {
  const TopicInfo* topic = m_snapshot ? m_snapshot->findTopic(m_topic->currentText()) : nullptr;
  const int count = topic ? static_cast<int>(topic->partitions.size()) : 0;
  if (m_partition->count() == count + 1) {
    return;  // same topic shape: keep the user's choice
  }
  const QVariant chosen = m_partition->currentData();
  const QSignalBlocker blocker(m_partition);
  m_partition->clear();
  m_partition->addItem(tr("All partitions"), -1);
  for (int p = 0; p < count; ++p) {
    m_partition->addItem(tr("Partition %1").arg(p), p);
  }
  m_partition->setCurrentIndex(std::max(0, m_partition->findData(chosen)));
}

void MessagesPage::updateStartControls() {
  const auto start = static_cast<BrowseStart>(m_start->currentData().toInt());
  m_number->setVisible(start == BrowseStart::Offset || start == BrowseStart::NewestN);
  m_time->setVisible(start == BrowseStart::Timestamp);
  m_number->setPlaceholderText(start == BrowseStart::Offset ? tr("offset") : tr("count"));
}

void MessagesPage::setQuery(const QString& topic, int partition, BrowseStart start, qint64 value) {
  m_topic->setCurrentText(topic);
  updatePartitions();
  m_partition->setCurrentIndex(std::max(0, m_partition->findData(partition)));
  m_start->setCurrentIndex(m_start->findData(static_cast<int>(start)));
  if (start == BrowseStart::Timestamp) {
    m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(value));
  } else {
    m_number->setText(QString::number(value));
  }
}

QList<int> MessagesPage::chosenPartitions() const {
  const int chosen = m_partition->currentData().toInt();
  if (chosen >= 0) {
    return {chosen};
  }
  QList<int> all;
  for (int i = 1; i < m_partition->count(); ++i) {
    all.append(m_partition->itemData(i).toInt());
  }
  return all;
}

void MessagesPage::browse() {
  const QString topic = m_topic->currentText();
  const QList<int> partitions = chosenPartitions();
  if (!m_connected || topic.isEmpty() || partitions.isEmpty()) {
    m_banner->showMessage(MessageBanner::Kind::Warning, tr("Choose a topic of a connected cluster first."));
    return;
  }
  const auto start = static_cast<BrowseStart>(m_start->currentData().toInt());
  const qint64 value = start == BrowseStart::Timestamp ? m_time->dateTime().toMSecsSinceEpoch() : m_number->text().toLongLong();
  m_banner->hide();
  m_status->setText(tr("Looking up where to start…"));
  m_reader->resolveRanges(topic, partitions, start, value);
}

void MessagesPage::onRangesResolved(const RangesResult& result) {
  if (!result.error.name.isEmpty()) {
    m_banner->showMessage(MessageBanner::Kind::Error, ErrorText::describe(tr("Finding the start failed"), result.error));
  }
  if (result.ranges.isEmpty()) {
    updateStatus();
    return;
  }
  m_model->setBrowse(m_topic->currentText(), result.ranges);
  m_detail->setRecord(std::nullopt);
  if (m_model->rowCount() > 0) {
    m_view->setCurrentIndex(m_model->index(0, MessageListModel::ValueColumn));
  }
  m_view->scrollToTop();
  updateStatus();
  emit browseReady();
}

void MessagesPage::onCurrentRowChanged() {
  const int row = m_view->currentIndex().row();
  const MessageRecord* record = row >= 0 ? m_model->recordAt(row) : nullptr;
  m_detail->setRecord(record ? std::optional<MessageRecord>(*record) : std::nullopt);
}

bool MessagesPage::following() const { return m_followTimer->isActive(); }

void MessagesPage::setFollowing(bool on) {
  if (on && m_connected) {
    m_followTimer->start();
  } else {
    m_followTimer->stop();
  }
  const QSignalBlocker blocker(m_follow);
  m_follow->setChecked(following());
  m_follow->setText(following() ? tr("&Pause") : tr("&Follow"));
}

void MessagesPage::updateStatus() {
  if (!m_connected) {
    m_status->setText(tr("Not connected."));
    return;
  }
  if (m_model->topic().isEmpty()) {
    m_status->setText(tr("Choose a topic and where to start, then press Go."));
    return;
  }
  m_status->setText(tr("%1: %2 messages in %n partition(s)", nullptr, static_cast<int>(m_model->ranges().size()))
                        .arg(m_model->topic(), QLocale().toString(m_model->rowCount())) +
                    (following() ? tr(" · following new messages") : QString()));
}

void MessagesPage::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void MessagesPage::retranslate() {
  m_start->setItemText(static_cast<int>(BrowseStart::Earliest), tr("From the earliest"));
  m_start->setItemText(static_cast<int>(BrowseStart::Latest), tr("From the latest"));
  m_start->setItemText(static_cast<int>(BrowseStart::Offset), tr("From offset"));
  m_start->setItemText(static_cast<int>(BrowseStart::Timestamp), tr("From time"));
  m_start->setItemText(static_cast<int>(BrowseStart::NewestN), tr("Newest N"));
  m_go->setText(tr("&Go"));
  m_follow->setText(following() ? tr("&Pause") : tr("&Follow"));
  m_follow->setToolTip(tr("Keep adding new messages as they arrive (live tail)"));
  if (m_partition->count() > 0) {
    m_partition->setItemText(0, tr("All partitions"));
  }
  updateStartControls();
  updateStatus();
}

}  // namespace pier
