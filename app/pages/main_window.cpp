#include "pages/main_window.h"

#include "models/file_bytes.h"
#include "pages/app_icon.h"
#include "pages/welcome_page.h"
#include "viewers/hex_dump_view.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace pier {

namespace {

constexpr int kStatusMessageMs = 5000;
// The first window covers this share of the screen; the layouts handle everything else.
constexpr double kInitialScreenShare = 0.6;

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowIcon(appIcon());
  createActions();
  createMenus();
  createPages();
  createStatusBar();
  retranslate();
  if (const QScreen* currentScreen = screen()) {
    resize(currentScreen->availableSize() * kInitialScreenShare);
  }
}

MainWindow::~MainWindow() {
  // The view wraps the mapping owned by m_file: detach it before the mapping goes away.
  m_hexView->setData({});
}

void MainWindow::createActions() {
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
  m_welcomeAction = m_pageGroup->addAction(QString());
  m_welcomeAction->setCheckable(true);
  m_welcomeAction->setChecked(true);
  connect(m_welcomeAction, &QAction::triggered, this, &MainWindow::showWelcomePage);
  m_hexAction = m_pageGroup->addAction(QString());
  m_hexAction->setCheckable(true);
  m_hexAction->setEnabled(false);
  connect(m_hexAction, &QAction::triggered, this, &MainWindow::showHexView);

  m_statusBarAction = new QAction(this);
  m_statusBarAction->setCheckable(true);
  m_statusBarAction->setChecked(true);
  connect(m_statusBarAction, &QAction::toggled, this,
          [this](bool visible) { statusBar()->setVisible(visible); });

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
  m_fileMenu->addAction(m_openAction);
  m_fileMenu->addAction(m_closeAction);
  m_fileMenu->addSeparator();
  m_fileMenu->addAction(m_quitAction);

  m_viewMenu = menuBar()->addMenu(QString());
  m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
  m_viewMenu->addAction(m_welcomeAction);
  m_viewMenu->addAction(m_hexAction);
  m_viewMenu->addSeparator();
  m_viewMenu->addAction(m_statusBarAction);

  m_helpMenu = menuBar()->addMenu(QString());
  m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
  m_helpMenu->addAction(m_aboutAction);
  m_helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createPages() {
  m_welcomePage = new WelcomePage(this);
  connect(m_welcomePage, &WelcomePage::openFileRequested, this, &MainWindow::showOpenFileDialog);

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
  m_pages->addWidget(m_welcomePage);
  m_pages->addWidget(m_filePage);
  setCentralWidget(m_pages);
}

void MainWindow::createStatusBar() {
  m_offsetStatus = new QLabel(this);
  m_offsetStatus->setObjectName(QStringLiteral("offsetStatus"));
  m_offsetStatus->setVisible(false);
  m_connectionStatus = new QLabel(this);
  m_connectionStatus->setObjectName(QStringLiteral("connectionStatus"));
  statusBar()->addPermanentWidget(m_offsetStatus);
  statusBar()->addPermanentWidget(m_connectionStatus);
}

void MainWindow::retranslate() {
  m_fileMenu->setTitle(tr("&File"));
  m_viewMenu->setTitle(tr("&View"));
  m_helpMenu->setTitle(tr("&Help"));
  m_openAction->setText(tr("&Open File…"));
  m_openAction->setStatusTip(tr("Show the bytes of a local file, read-only"));
  m_closeAction->setText(tr("&Close File"));
  m_quitAction->setText(tr("&Quit"));
  m_welcomeAction->setText(tr("&Welcome Page"));
  m_hexAction->setText(tr("&Hex View"));
  m_statusBarAction->setText(tr("Show &Status Bar"));
  m_aboutAction->setText(tr("&About Pier"));
  m_aboutQtAction->setText(tr("About &Qt"));
  m_connectionStatus->setText(tr("Not connected"));
  m_connectionStatus->setToolTip(
      tr("Connecting to clusters is not available in this version of Pier yet."));
  updateTitle();
  updateFileHeader();
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
  showHexView();
  statusBar()->showMessage(tr("Opened %1 read-only.").arg(QDir::toNativeSeparators(path)),
                           kStatusMessageMs);
  return true;
}

QString MainWindow::openFilePath() const { return m_file ? m_file->filePath() : QString(); }

void MainWindow::showOpenFileDialog() {
  const QString startDir = m_file ? QFileInfo(m_file->filePath()).absolutePath() : QDir::homePath();
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open File"), startDir,
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
  showWelcomePage();
}

void MainWindow::showWelcomePage() {
  m_pages->setCurrentWidget(m_welcomePage);
  m_welcomeAction->setChecked(true);
}

void MainWindow::showHexView() {
  if (!m_file) {
    return;
  }
  m_pages->setCurrentWidget(m_filePage);
  m_hexAction->setChecked(true);
  m_hexView->setFocus();
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About Pier"),
      tr("<h3>Pier %1</h3>"
         "<p>A toolkit for Kafka-compatible streaming: a desktop console, a broker and a "
         "coordination service.</p>"
         "<p>This version of the console inspects local files byte by byte. Connecting to "
         "clusters is not available yet.</p>"
         "<p>Built with Qt %2, running on Qt %3.</p>")
          .arg(QStringLiteral(PIER_VERSION), QStringLiteral(QT_VERSION_STR),
               QString::fromLatin1(qVersion())));
}

void MainWindow::updateTitle() {
  if (m_file) {
    setWindowTitle(tr("%1 – Pier").arg(QFileInfo(m_file->filePath()).fileName()));
  } else {
    setWindowTitle(tr("Pier"));
  }
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
  m_offsetStatus->setText(tr("Offset %1 (0x%2)")
                              .arg(QLocale().toString(offset))
                              .arg(QString::number(offset, 16)));
}

}  // namespace pier
