#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QStackedWidget;

namespace pier {

class FileBytes;
class HexDumpView;
class WelcomePage;

// MainWindow is the console's top-level window. Today it has two pages: the welcome page (Pier
// is not connected to a cluster: there is no cluster backend yet) and a read-only hex view of a
// local file, e.g. a Kafka log segment. Menus: File (Open File…, Close File, Quit), View
// (switch page, status bar), Help (About Pier, About Qt). The status bar always shows the
// connection state ("Not connected") and, with a file open, the current byte offset.
//
// Thread: GUI thread only.
// Ownership: owns its child widgets (Qt parent) and the open file's mapping (m_file); the hex
// view is always given new data before the old mapping is released.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens `path` read-only into the hex view and shows it. On failure the reason appears in the
  // status bar, the previously open file (if any) stays open, and false is returned.
  bool openFile(const QString& path);
  QString openFilePath() const;

  HexDumpView* hexView() const { return m_hexView; }

 public slots:
  void showOpenFileDialog();
  void closeFile();
  void showWelcomePage();
  void showHexView();
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

  std::unique_ptr<FileBytes> m_file;

  QStackedWidget* m_pages = nullptr;
  WelcomePage* m_welcomePage = nullptr;
  QWidget* m_filePage = nullptr;
  QLabel* m_fileHeader = nullptr;
  HexDumpView* m_hexView = nullptr;
  QLabel* m_offsetStatus = nullptr;
  QLabel* m_connectionStatus = nullptr;

  QMenu* m_fileMenu = nullptr;
  QMenu* m_viewMenu = nullptr;
  QMenu* m_helpMenu = nullptr;
  QAction* m_openAction = nullptr;
  QAction* m_closeAction = nullptr;
  QAction* m_quitAction = nullptr;
  QActionGroup* m_pageGroup = nullptr;
  QAction* m_welcomeAction = nullptr;
  QAction* m_hexAction = nullptr;
  QAction* m_statusBarAction = nullptr;
  QAction* m_aboutAction = nullptr;
  QAction* m_aboutQtAction = nullptr;
};

}  // namespace pier
