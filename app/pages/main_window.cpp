#include "pages/main_window.h"

#include "dialogs/connect_dialog.h"
#include "dialogs/produce_dialog.h"
#include "models/file_bytes.h"
#include "pages/app_icon.h"
#include "pages/charts_page.h"
#include "pages/error_text.h"
#include "pages/groups_page.h"
#include "pages/message_banner.h"
#include "pages/messages_page.h"
#include "pages/overview_page.h"
#include "pages/topics_page.h"
#include "pages/welcome_page.h"
#include "settings/connection_profiles.h"
#include "settings/lag_store.h"
#include "settings/preferences.h"
#include "settings/produce_templates.h"
#include "settings/secret_store.h"
#include "viewers/hex_dump_view.h"

#include <QAction>
#include <QActionGroup>
#include <QDateTime>
#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

namespace pier {

namespace {

constexpr int kStatusMessageMs = 5000;
// The first window covers this share of the screen; the layouts handle everything else.
constexpr double kInitialScreenShare = 0.6;

int pageRow(MainWindow::Page page) { return static_cast<int>(page); }

}  // namespace

MainWindow::MainWindow(QWidget* parent, const QString& profilesPath) : QMainWindow(parent) {
  setWindowIcon(appIcon());
  m_session = new ClusterSession(this);
  const QString databasePath = profilesPath.isEmpty() ? ConnectionProfiles::defaultPath() : profilesPath;
  m_profiles = std::make_unique<ConnectionProfiles>(databasePath);
  m_preferences = std::make_unique<Preferences>(databasePath);
  m_lagStore = std::make_unique<LagStore>(databasePath);
  m_produceTemplates = std::make_unique<ProduceTemplates>(databasePath);
  m_lagStore->setRetentionHours(
      m_preferences->value(QStringLiteral("lag/retention_hours"), LagStore::kDefaultRetentionHours).toInt());
  m_session->setRefreshIntervalMs(
      m_preferences->value(Preferences::kRefreshIntervalMs, ClusterSession::kDefaultRefreshIntervalMs).toInt());
  m_secrets = new SecretStore(this);
  createActions();
  createMenus();
  createPages();
  createStatusBar();
  connect(m_session, &ClusterSession::snapshotChanged, this, &MainWindow::onSnapshotChanged);
  connect(m_session, &ClusterSession::stateChanged, this, &MainWindow::updateConnectionStatus);
  retranslate();
  showPage(Page::Overview);
  if (const QScreen* currentScreen = screen()) {
    resize(currentScreen->availableSize() * kInitialScreenShare);
  }
}

MainWindow::~MainWindow() {
  // The view wraps the mapping owned by m_file: detach it before the mapping goes away.
  m_hexView->setData({});
}

void MainWindow::createActions() {
  m_connectAction = new QAction(this);
  m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  connect(m_connectAction, &QAction::triggered, this, &MainWindow::showConnectDialog);
  m_disconnectAction = new QAction(this);
  m_disconnectAction->setEnabled(false);
  connect(m_disconnectAction, &QAction::triggered, this, &MainWindow::disconnectFromCluster);
  m_refreshAction = new QAction(this);
  m_refreshAction->setShortcut(QKeySequence::Refresh);
  m_refreshAction->setEnabled(false);
  connect(m_refreshAction, &QAction::triggered, m_session, &ClusterSession::refreshNow);

  m_openAction = new QAction(this);
  m_openAction->setShortcut(QKeySequence::Open);
  connect(m_openAction, &QAction::triggered, this, &MainWindow::showOpenFileDialog);
  m_closeAction = new QAction(this);
  m_closeAction->setShortcut(QKeySequence::Close);
  m_closeAction->setEnabled(false);
  connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeFile);
  m_quitAction = new QAction(this);
  m_quitAction->setShortcut(QKeySequence::Quit);
  m_quitAction->setMenuRole(QAction::QuitRole);
  connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

  m_pageGroup = new QActionGroup(this);
  const auto addPageAction = [this](Page page, int key) {
    QAction* action = m_pageGroup->addAction(QString());
    action->setCheckable(true);
    action->setShortcut(QKeySequence(Qt::CTRL | key));
    connect(action, &QAction::triggered, this, [this, page] { showPage(page); });
    return action;
  };
  m_overviewAction = addPageAction(Page::Overview, Qt::Key_1);
  m_topicsAction = addPageAction(Page::Topics, Qt::Key_2);
  m_groupsAction = addPageAction(Page::Groups, Qt::Key_3);
  m_messagesAction = addPageAction(Page::Messages, Qt::Key_4);
  m_chartsAction = addPageAction(Page::Charts, Qt::Key_5);
  m_hexAction = addPageAction(Page::File, Qt::Key_6);
  m_hexAction->setEnabled(false);

  m_refreshGroup = new QActionGroup(this);
  for (const int seconds : {1, 2, 5, 15, 60}) {
    QAction* action = m_refreshGroup->addAction(QString());
    action->setCheckable(true);
    action->setData(seconds * 1000);
    action->setChecked(seconds * 1000 == m_session->refreshIntervalMs());
    connect(action, &QAction::triggered, this, [this, seconds] { setRefreshIntervalMs(seconds * 1000); });
  }

  m_statusBarAction = new QAction(this);
  m_statusBarAction->setCheckable(true);
  m_statusBarAction->setChecked(true);
  connect(m_statusBarAction, &QAction::toggled, this, [this](bool visible) { statusBar()->setVisible(visible); });

  m_aboutAction = new QAction(this);
  m_aboutAction->setMenuRole(QAction::AboutRole);
  connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
  m_aboutQtAction = new QAction(this);
  m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
  connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus() {
  m_fileMenu = menuBar()->addMenu(QString());
  m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
  m_fileMenu->addAction(m_connectAction);
  m_fileMenu->addAction(m_disconnectAction);
  m_fileMenu->addAction(m_refreshAction);
  m_fileMenu->addSeparator();
  m_fileMenu->addAction(m_openAction);
  m_fileMenu->addAction(m_closeAction);
  m_fileMenu->addSeparator();
  m_fileMenu->addAction(m_quitAction);

  m_viewMenu = menuBar()->addMenu(QString());
  m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
  m_viewMenu->addAction(m_overviewAction);
  m_viewMenu->addAction(m_topicsAction);
  m_viewMenu->addAction(m_groupsAction);
  m_viewMenu->addAction(m_messagesAction);
  m_viewMenu->addAction(m_chartsAction);
  m_viewMenu->addAction(m_hexAction);
  m_viewMenu->addSeparator();
  m_refreshMenu = m_viewMenu->addMenu(QString());
  m_refreshMenu->addActions(m_refreshGroup->actions());
  m_viewMenu->addAction(m_statusBarAction);

  m_helpMenu = menuBar()->addMenu(QString());
  m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
  m_helpMenu->addAction(m_aboutAction);
  m_helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createPages() {
  m_welcomePage = new WelcomePage(this);
  connect(m_welcomePage, &WelcomePage::connectRequested, this, &MainWindow::showConnectDialog);
  connect(m_welcomePage, &WelcomePage::openFileRequested, this, &MainWindow::showOpenFileDialog);
  m_overviewPage = new OverviewPage(this);
  m_topicsPage = new TopicsPage(m_session, this);
  m_topicsPage->setProduceTemplates(m_produceTemplates.get());
  m_groupsPage = new GroupsPage(m_session, m_lagStore.get(), this);
  m_messagesPage = new MessagesPage(this);
  m_chartsPage = new ChartsPage(this);

  m_filePage = new QWidget(this);
  m_fileHeader = new QLabel(m_filePage);
  m_fileHeader->setObjectName(QStringLiteral("fileHeader"));
  m_fileHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_hexView = new HexDumpView(m_filePage);
  connect(m_hexView, &HexDumpView::currentOffsetChanged, this, &MainWindow::updateOffsetStatus);
  auto* fileLayout = new QVBoxLayout(m_filePage);
  fileLayout->addWidget(m_fileHeader);
  fileLayout->addWidget(m_hexView, 1);

  m_pages = new QStackedWidget(this);
  for (QWidget* page : {static_cast<QWidget*>(m_welcomePage), static_cast<QWidget*>(m_overviewPage),
                        static_cast<QWidget*>(m_topicsPage), static_cast<QWidget*>(m_groupsPage),
                        static_cast<QWidget*>(m_messagesPage),
                        static_cast<QWidget*>(m_chartsPage), m_filePage}) {
    m_pages->addWidget(page);
  }

  m_pageList = new QListWidget(this);
  m_pageList->setObjectName(QStringLiteral("pageList"));
  for (const QStyle::StandardPixmap icon : {QStyle::SP_ComputerIcon, QStyle::SP_FileDialogDetailedView,
                                            QStyle::SP_DirLinkIcon, QStyle::SP_FileDialogContentsView, QStyle::SP_FileDialogInfoView,
                                            QStyle::SP_FileIcon}) {
    m_pageList->addItem(new QListWidgetItem(style()->standardIcon(icon), QString()));
  }
  m_pageList->setMaximumWidth(fontMetrics().averageCharWidth() * 20);
  m_pageList->setSpacing(fontMetrics().height() / 4);
  m_pageList->setFrameShape(QFrame::NoFrame);
  connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) {
      showPage(static_cast<Page>(row));
    }
  });

  m_sessionBanner = new MessageBanner(this);
  m_sessionBanner->setObjectName(QStringLiteral("sessionBanner"));
  auto* right = new QVBoxLayout;
  right->addWidget(m_sessionBanner);
  right->addWidget(m_pages, 1);
  auto* central = new QWidget(this);
  auto* layout = new QHBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_pageList);
  layout->addLayout(right, 1);
  setCentralWidget(central);
}

void MainWindow::createStatusBar() {
  m_offsetStatus = new QLabel(this);
  m_offsetStatus->setObjectName(QStringLiteral("offsetStatus"));
  m_offsetStatus->setVisible(false);
  m_connectionStatus = new QLabel(this);
  m_connectionStatus->setObjectName(QStringLiteral("connectionStatus"));
  m_connectionStatus->setTextFormat(Qt::RichText);  // the colour dot; names are escaped
  statusBar()->addPermanentWidget(m_offsetStatus);
  statusBar()->addPermanentWidget(m_connectionStatus);
}

void MainWindow::retranslate() {
  m_fileMenu->setTitle(tr("&File"));
  m_viewMenu->setTitle(tr("&View"));
  m_helpMenu->setTitle(tr("&Help"));
  m_connectAction->setText(tr("&Connect…"));
  m_connectAction->setStatusTip(tr("Connect to a Kafka or Pier cluster"));
  m_disconnectAction->setText(tr("&Disconnect"));
  m_refreshAction->setText(tr("&Refresh"));
  m_openAction->setText(tr("&Open File…"));
  m_openAction->setStatusTip(tr("Show the bytes of a local file, read-only"));
  m_closeAction->setText(tr("C&lose File"));
  m_quitAction->setText(tr("&Quit"));
  m_overviewAction->setText(tr("&Overview"));
  m_topicsAction->setText(tr("&Topics"));
  m_groupsAction->setText(tr("&Consumer Groups"));
  m_messagesAction->setText(tr("&Messages"));
  m_chartsAction->setText(tr("&Charts"));
  m_hexAction->setText(tr("&Hex View"));
  m_statusBarAction->setText(tr("Show &Status Bar"));
  m_refreshMenu->setTitle(tr("Refresh &Every"));
  for (QAction* action : m_refreshGroup->actions()) {
    action->setText(tr("%n second(s)", nullptr, action->data().toInt() / 1000));
  }
  m_aboutAction->setText(tr("&About Pier"));
  m_aboutQtAction->setText(tr("About &Qt"));
  m_pageList->item(pageRow(Page::Overview))->setText(tr("Overview"));
  m_pageList->item(pageRow(Page::Topics))->setText(tr("Topics"));
  m_pageList->item(pageRow(Page::Groups))->setText(tr("Groups"));
  m_pageList->item(pageRow(Page::Messages))->setText(tr("Messages"));
  m_pageList->item(pageRow(Page::Charts))->setText(tr("Charts"));
  m_pageList->item(pageRow(Page::File))->setText(tr("File"));
  updateTitle();
  updateFileHeader();
  updateConnectionStatus();
  if (m_file) {
    updateOffsetStatus(m_hexView->currentOffset());
  }
}

void MainWindow::changeEvent(QEvent* event) {
  QMainWindow::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void MainWindow::connectTo(const ConnectionSettings& settings) {
  m_session->connectTo(settings);
  m_groupsPage->setConnection(settings.name);
  m_messagesPage->setConnection(settings);
  m_chartsPage->clear();
  m_disconnectAction->setEnabled(true);
  m_refreshAction->setEnabled(true);
  updateTitle();
  showPage(m_page == Page::File ? Page::Overview : m_page);
}

void MainWindow::setRefreshIntervalMs(int intervalMs) {
  m_session->setRefreshIntervalMs(intervalMs);
  m_preferences->setValue(Preferences::kRefreshIntervalMs, intervalMs);
  for (QAction* action : m_refreshGroup->actions()) {
    action->setChecked(action->data().toInt() == intervalMs);
  }
}

void MainWindow::showConnectDialog() {
  ConnectDialog dialog(m_profiles->list(), this);
  if (m_session->state() != SessionState::Disconnected) {
    dialog.setSettings(ConnectionProfiles::withoutSecrets(m_session->settings()).settings);
  }
  if (dialog.exec() == QDialog::Accepted) {
    connectWithProfile(dialog.settings(), dialog.saveProfile(), dialog.secretKeysToRead());
  }
}

void MainWindow::connectWithProfile(ConnectionSettings settings, bool save, const QStringList& secretKeysToRead) {
  if (!m_profiles->isOpen()) {
    statusBar()->showMessage(tr("Saved connections are unavailable: %1").arg(m_profiles->errorString()));
  } else if (save) {
    if (!m_profiles->save(settings)) {
      statusBar()->showMessage(tr("Could not save the connection: %1").arg(m_profiles->errorString()));
    }
    const ConnectionProfile stored = ConnectionProfiles::withoutSecrets(settings);
    SecretStore::Properties secrets;
    for (const auto& property : settings.properties) {
      if (stored.secretKeys.contains(property.first)) {
        secrets.append(property);
      }
    }
    if (!secrets.isEmpty()) {
      m_secrets->write(settings.name, secrets, [this](const QString& error) {
        if (!error.isEmpty()) {
          statusBar()->showMessage(
              tr("Secrets were not saved (keychain: %1); Pier never writes them to a file. Enter them again next "
                 "time.")
                  .arg(error));
        }
      });
    }
  }
  m_profiles->markUsed(settings.name, QDateTime::currentMSecsSinceEpoch());
  if (secretKeysToRead.isEmpty()) {
    connectTo(settings);
    return;
  }
  m_secrets->read(settings.name, secretKeysToRead,
                  [this, settings](const SecretStore::Properties& found, const QString& error) mutable {
                    settings.properties += found;
                    if (!error.isEmpty()) {
                      statusBar()->showMessage(tr("Could not read secrets from the keychain: %1").arg(error));
                    }
                    connectTo(settings);
                  });
}

void MainWindow::disconnectFromCluster() {
  m_session->disconnectFromCluster();
  m_groupsPage->setConnection({});
  m_messagesPage->setConnection({});
  m_chartsPage->clear();
  m_disconnectAction->setEnabled(false);
  m_refreshAction->setEnabled(false);
  updateTitle();
  showPage(m_page);
}

void MainWindow::selectTopicWhenKnown(const QString& topic) {
  m_topicToSelect = topic;
  onSnapshotChanged(m_session->snapshot());
}

void MainWindow::selectGroupWhenKnown(const QString& groupId) {
  m_groupToSelect = groupId;
  onSnapshotChanged(m_session->snapshot());
}

void MainWindow::onSnapshotChanged(const ClusterSnapshotPtr& snapshot) {
  m_overviewPage->setSnapshot(snapshot);
  m_topicsPage->setSnapshot(snapshot);
  m_groupsPage->setSnapshot(snapshot);
  m_messagesPage->setSnapshot(snapshot);
  // Each snapshot once: snapshotChanged also announces the same snapshot again (or none).
  if (snapshot && snapshot != m_lastCharted) {
    m_chartsPage->addSnapshot(*snapshot);
    m_lastCharted = snapshot;
  }
  if (!m_groupToSelect.isEmpty() && snapshot && snapshot->findGroup(m_groupToSelect) != nullptr) {
    m_groupsPage->selectGroup(m_groupToSelect);
    m_groupToSelect.clear();
  }
  if (!m_topicToSelect.isEmpty() && snapshot && snapshot->findTopic(m_topicToSelect) != nullptr) {
    m_topicsPage->selectTopic(m_topicToSelect);
    m_messagesPage->setQuery(m_topicToSelect, -1, BrowseStart::Earliest);
    if (m_page == Page::Messages) {
      m_messagesPage->browse();
    }
    m_topicToSelect.clear();
  }
  if (!m_dialogToOpen.isEmpty() && m_topicToSelect.isEmpty() && !m_topicsPage->selectedTopic().isEmpty()) {
    openTopicDialog();
  }
  updateConnectionStatus();
}

void MainWindow::openTopicDialogWhenKnown(const QString& dialog, const QString& templateName) {
  m_dialogToOpen = dialog;
  m_templateToLoad = templateName;
}

void MainWindow::openTopicDialog() {
  const QString dialog = std::exchange(m_dialogToOpen, {});
  if (dialog == u"configs") {
    m_topicsPage->showConfigDialog();
  } else if (dialog == u"produce") {
    ProduceDialog* produce = m_topicsPage->showProduceDialog();
    if (!m_templateToLoad.isEmpty()) {
      produce->loadTemplate(m_templateToLoad);
    }
  }
}

void MainWindow::updateConnectionStatus() {
  // The profile's colour tag, as a dot before the name (a red dot for production, say).
  const QString colour = m_session->settings().colour;
  const QString name = colour.isEmpty() ? m_session->settings().name.toHtmlEscaped()
                                        : QStringLiteral("<span style=\"color:%1\">●</span> %2")
                                              .arg(colour, m_session->settings().name.toHtmlEscaped());
  const ClusterSnapshotPtr snapshot = m_session->snapshot();
  switch (m_session->state()) {
    case SessionState::Disconnected:
      m_connectionStatus->setText(tr("Not connected"));
      m_sessionBanner->hide();
      break;
    case SessionState::Connecting:
      m_connectionStatus->setText(tr("Connecting to %1…").arg(name));
      m_sessionBanner->hide();
      break;
    case SessionState::Online:
      m_connectionStatus->setText(
          tr("Connected to %1 · refreshed %2").arg(name, QLocale().toString(snapshot->takenAt.toLocalTime().time())));
      m_sessionBanner->hide();
      break;
    case SessionState::Offline: {
      m_connectionStatus->setText(tr("%1 is not answering").arg(name));
      QString text = ErrorText::describe(
          tr("%1 has not answered since %2").arg(m_session->settings().name, QLocale().toString(m_session->offlineSince().toLocalTime().time())),
          m_session->lastError());
      if (snapshot) {
        text += u' ' + tr("Showing what it reported at %1.").arg(QLocale().toString(snapshot->takenAt.toLocalTime().time()));
      }
      m_sessionBanner->showMessage(MessageBanner::Kind::Warning, text);
      break;
    }
  }
}

bool MainWindow::openFile(const QString& path) {
  auto file = std::make_unique<FileBytes>();
  if (!file->open(path)) {
    statusBar()->showMessage(file->errorString());
    return false;
  }
  m_hexView->setData(file->bytes());
  m_file = std::move(file);  // releases the previous mapping, which the view no longer uses
  m_closeAction->setEnabled(true);
  m_hexAction->setEnabled(true);
  m_offsetStatus->setVisible(true);
  updateTitle();
  updateFileHeader();
  updateOffsetStatus(m_hexView->currentOffset());
  showPage(Page::File);
  statusBar()->showMessage(tr("Opened %1 read-only.").arg(QDir::toNativeSeparators(path)), kStatusMessageMs);
  return true;
}

QString MainWindow::openFilePath() const { return m_file ? m_file->filePath() : QString(); }

void MainWindow::showOpenFileDialog() {
  const QString startDir = m_file ? QFileInfo(m_file->filePath()).absolutePath() : QDir::homePath();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open File"), startDir,
                                                    tr("All files (*);;Kafka log segments (*.log *.index *.timeindex)"));
  if (!path.isEmpty()) {
    openFile(path);
  }
}

void MainWindow::closeFile() {
  m_hexView->setData({});
  m_file.reset();
  m_closeAction->setEnabled(false);
  m_hexAction->setEnabled(false);
  m_offsetStatus->setVisible(false);
  updateTitle();
  updateFileHeader();
  showPage(Page::Overview);
}

QWidget* MainWindow::currentPage() const { return m_pages->currentWidget(); }

void MainWindow::showPage(Page page) {
  if (page == Page::File && !m_file) {
    page = Page::Overview;
  }
  m_page = page;
  const bool connected = m_session->state() != SessionState::Disconnected;
  QWidget* widget = m_welcomePage;
  QAction* action = m_overviewAction;
  switch (page) {
    case Page::Overview: widget = connected ? static_cast<QWidget*>(m_overviewPage) : m_welcomePage; break;
    case Page::Topics:
      widget = connected ? static_cast<QWidget*>(m_topicsPage) : m_welcomePage;
      action = m_topicsAction;
      break;
    case Page::Groups:
      widget = connected ? static_cast<QWidget*>(m_groupsPage) : m_welcomePage;
      action = m_groupsAction;
      break;
    case Page::Messages:
      widget = connected ? static_cast<QWidget*>(m_messagesPage) : m_welcomePage;
      action = m_messagesAction;
      break;
    case Page::Charts:
      widget = connected ? static_cast<QWidget*>(m_chartsPage) : m_welcomePage;
      action = m_chartsAction;
      break;
    case Page::File:
      widget = m_filePage;
      action = m_hexAction;
      break;
  }
  m_pages->setCurrentWidget(widget);
  action->setChecked(true);
  const QSignalBlocker blocker(m_pageList);
  m_pageList->setCurrentRow(pageRow(page));
  if (page == Page::File) {
    m_hexView->setFocus();
  }
  updateTitle();
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Pier"),
                     tr("<h3>Pier %1</h3>"
                        "<p>A toolkit for Kafka-compatible streaming: a desktop console, a broker and a "
                        "coordination service.</p>"
                        "<p>Built with Qt %2, running on Qt %3.</p>")
                         .arg(QStringLiteral(PIER_VERSION), QStringLiteral(QT_VERSION_STR),
                              QString::fromLatin1(qVersion())));
}

void MainWindow::updateTitle() {
  QString title = tr("Pier");
  if (m_session->state() != SessionState::Disconnected) {
    title = tr("%1 – Pier").arg(m_session->settings().name);
  }
  if (m_file && m_page == Page::File) {
    title = tr("%1 – Pier").arg(QFileInfo(m_file->filePath()).fileName());
  }
  setWindowTitle(title);
}

void MainWindow::updateFileHeader() {
  if (!m_file) {
    m_fileHeader->clear();
    return;
  }
  m_fileHeader->setText(tr("%1 · %2 · read-only")
                            .arg(QDir::toNativeSeparators(m_file->filePath()),
                                 QLocale().formattedDataSize(m_file->size())));
}

void MainWindow::updateOffsetStatus(qint64 offset) {
  if (offset < 0) {
    m_offsetStatus->setText(tr("Empty file"));
    return;
  }
  m_offsetStatus->setText(
      tr("Offset %1 (0x%2)").arg(QLocale().toString(offset)).arg(QString::number(offset, 16)));
}

}  // namespace pier
