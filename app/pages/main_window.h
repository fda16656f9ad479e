#pragma once

#include "session/cluster_session.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace pier {

class ChartsPage;
class ConnectionProfiles;
class FileBytes;
class GroupsPage;
class LagStore;
class Preferences;
class ProduceTemplates;
class SecretStore;
class HexDumpView;
class MessageBanner;
class MessagesPage;
class OverviewPage;
class TopicsPage;
class WelcomePage;

// MainWindow is the console's top-level window: a page list on the left (Overview, Topics,
// Groups, Messages, Charts, File)
// and the current page on the right, under a banner that appears while the cluster is not
// answering. While not connected, the cluster pages show the welcome page instead. Menus: File
// (Connect…, Disconnect, Refresh, Open File…, Close File, Quit), View (pages, status bar), Help.
// The status bar shows the connection state and, with a file open, the current byte offset.
//
// Thread: GUI thread only.
// Ownership: owns its child widgets (Qt parent), the cluster session and the open file's mapping
// (m_file); the hex view is always given new data before the old mapping is released.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum class Page { Overview, Topics, Groups, Messages, Charts, File };

  // `profilesPath`: the SQLite database of saved connections (default: ConnectionProfiles::defaultPath()).
  explicit MainWindow(QWidget* parent = nullptr, const QString& profilesPath = {});
  ~MainWindow() override;

  // Opens `path` read-only into the hex view and shows it. On failure the reason appears in the
  // status bar, the previously open file (if any) stays open, and false is returned.
  bool openFile(const QString& path);
  QString openFilePath() const;

  void connectTo(const ConnectionSettings& settings);
  // Selects `topic` on the topics and messages pages as soon as a snapshot contains it (e.g.
  // from --topic); on the messages page it also starts browsing it from the earliest offset.
  void selectTopicWhenKnown(const QString& topic);
  // Once the topic chosen with selectTopicWhenKnown() is selected, opens its "configs" or
  // "produce" dialog (loading the produce template `templateName` when given). For --dialog.
  void openTopicDialogWhenKnown(const QString& dialog, const QString& templateName = {});
  // Selects `groupId` on the groups page as soon as a snapshot contains it (e.g. from --group).
  void selectGroupWhenKnown(const QString& groupId);
  ClusterSession* session() const { return m_session; }
  ConnectionProfiles* profiles() const { return m_profiles.get(); }

  HexDumpView* hexView() const { return m_hexView; }
  OverviewPage* overviewPage() const { return m_overviewPage; }
  TopicsPage* topicsPage() const { return m_topicsPage; }
  GroupsPage* groupsPage() const { return m_groupsPage; }
  MessagesPage* messagesPage() const { return m_messagesPage; }
  ChartsPage* chartsPage() const { return m_chartsPage; }
  QWidget* currentPage() const;

 public slots:
  void showConnectDialog();
  void disconnectFromCluster();
  void showOpenFileDialog();
  void closeFile();
  void showPage(pier::MainWindow::Page page);
  // How often the cluster is asked again; remembered in the preferences.
  void setRefreshIntervalMs(int intervalMs);
  void showAbout();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void createActions();
  void createMenus();
  void createPages();
  void createStatusBar();
  void retranslate();
  void updateTitle();
  void updateFileHeader();
  void updateOffsetStatus(qint64 offset);
  void updateConnectionStatus();
  void onSnapshotChanged(const ClusterSnapshotPtr& snapshot);
  void openTopicDialog();

  // Saves the chosen connection as a profile (secrets to the keychain), fills in secrets the
  // user left out from the keychain, then connects.
  void connectWithProfile(ConnectionSettings settings, bool save, const QStringList& secretKeysToRead);

  ClusterSession* m_session = nullptr;
  std::unique_ptr<ConnectionProfiles> m_profiles;
  std::unique_ptr<Preferences> m_preferences;
  std::unique_ptr<LagStore> m_lagStore;
  std::unique_ptr<ProduceTemplates> m_produceTemplates;
  SecretStore* m_secrets = nullptr;
  std::unique_ptr<FileBytes> m_file;
  Page m_page = Page::Overview;
  QString m_topicToSelect;
  QString m_groupToSelect;
  QString m_dialogToOpen;
  QString m_templateToLoad;
  ClusterSnapshotPtr m_lastCharted;

  QListWidget* m_pageList = nullptr;
  QStackedWidget* m_pages = nullptr;
  MessageBanner* m_sessionBanner = nullptr;
  WelcomePage* m_welcomePage = nullptr;
  OverviewPage* m_overviewPage = nullptr;
  TopicsPage* m_topicsPage = nullptr;
  GroupsPage* m_groupsPage = nullptr;
  MessagesPage* m_messagesPage = nullptr;
  ChartsPage* m_chartsPage = nullptr;
  QWidget* m_filePage = nullptr;
  QLabel* m_fileHeader = nullptr;
  HexDumpView* m_hexView = nullptr;
  QLabel* m_offsetStatus = nullptr;
  QLabel* m_connectionStatus = nullptr;

  QMenu* m_fileMenu = nullptr;
  QMenu* m_viewMenu = nullptr;
  QMenu* m_helpMenu = nullptr;
  QAction* m_connectAction = nullptr;
  QAction* m_disconnectAction = nullptr;
  QAction* m_refreshAction = nullptr;
  QAction* m_openAction = nullptr;
  QAction* m_closeAction = nullptr;
  QAction* m_quitAction = nullptr;
  QActionGroup* m_pageGroup = nullptr;
  QAction* m_overviewAction = nullptr;
  QAction* m_topicsAction = nullptr;
  QAction* m_groupsAction = nullptr;
  QAction* m_messagesAction = nullptr;
  QAction* m_chartsAction = nullptr;
  QAction* m_hexAction = nullptr;
  QAction* m_statusBarAction = nullptr;
  QMenu* m_refreshMenu = nullptr;
  QActionGroup* m_refreshGroup = nullptr;
  QAction* m_aboutAction = nullptr;
  QAction* m_aboutQtAction = nullptr;
};

}  // namespace pier
