#pragma once
// CreateTopicDialog: name, partitions, replication factor and the common topic settings, each
// shown with Kafka's default; only the settings the user filled in are sent, so everything else
// keeps the broker's defaults. The name is checked as Kafka checks it before the dialog accepts.
//
// Thread: GUI thread.

#include "session/admin_requests.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace pier {

class CreateTopicDialog : public QDialog {
  Q_OBJECT

 public:
  // `brokerCount` bounds the replication factor (0: unknown, no bound).
  explicit CreateTopicDialog(int brokerCount, QWidget* parent = nullptr);

  NewTopic topic() const;
  void setTopicName(const QString& name);

  // Why `name` is not a legal Kafka topic name, or an empty string when it is.
  static QString nameProblem(const QString& name);

 private:
  void validate();

  QLineEdit* m_name = nullptr;
  QSpinBox* m_partitions = nullptr;
  QSpinBox* m_replicationFactor = nullptr;
  QTableWidget* m_configs = nullptr;
  QLabel* m_problem = nullptr;
  QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace pier
