"""Self-test of the lint: each rule fires on a planted violation and stays quiet on clean code.
Run by ctest (label lint) so a lint that silently stopped checking fails the build."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_includes  # noqa: E402


class CheckIncludesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.write("broker-core/base/status.h", "#include <string>\n")
        self.write("broker-core/runtime/clock.h", '#include "base/status.h"\n#include <chrono>\n')

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def problems(self):
        return check_includes.check_tree(self.root)

    def assertOneProblem(self, fragment):
        found = self.problems()
        self.assertEqual(len(found), 1, found)
        self.assertIn(fragment, found[0])

    def test_clean_tree(self):
        self.assertEqual(self.problems(), [])

    def test_qt_include_in_broker_core(self):
        self.write("broker-core/base/bad.h", "#include <QString>\n")
        self.assertOneProblem("Qt header <QString>")

    def test_qt_module_path_include(self):
        self.write("broker-core/runtime/bad.cpp", "#include <QtCore/QObject>\n")
        self.assertOneProblem("Qt header")

    def test_lower_module_including_higher(self):
        self.write("broker-core/base/bad.h", '#include "runtime/clock.h"\n')
        self.assertOneProblem("module 'base' may not include \"runtime/clock.h\"")

    def test_fsm_may_not_touch_runtime(self):
        self.write("broker-core/replication/partition_fsm.h", '#include "runtime/clock.h"\n')
        self.assertOneProblem("an fsm may not include")

    def test_service_may_use_runtime(self):
        self.write("broker-core/replication/partition_service.h", '#include "runtime/clock.h"\n')
        self.assertEqual(self.problems(), [])

    def test_asio_outside_runtime_asio(self):
        self.write("broker-core/runtime/bad.cpp", "#include <asio.hpp>\n")
        self.assertOneProblem("asio header")
        os.remove(os.path.join(self.root, "broker-core/runtime/bad.cpp"))
        self.write("broker-core/runtime/asio/loop.cpp", "#include <asio.hpp>\n")
        self.assertEqual(self.problems(), [])

    def test_clock_outside_runtime(self):
        self.write("broker-core/storage/log.cpp", "auto t = std::chrono::steady_clock::now();\n")
        self.assertOneProblem("reads a clock")

    def test_clock_inside_runtime_is_fine(self):
        self.write("broker-core/runtime/posix/c.cpp", "auto t = std::chrono::system_clock::now();\n")
        self.assertEqual(self.problems(), [])

    def test_rand_outside_runtime(self):
        self.write("broker-core/group/pick.cpp", "int x = rand() % 3;\n")
        self.assertOneProblem("global random source")

    def test_random_header_outside_runtime(self):
        self.write("broker-core/model/m.h", "#include <random>\n")
        self.assertOneProblem("<random> outside runtime/")

    def test_mentions_in_comments_and_strings_are_ignored(self):
        self.write("broker-core/base/doc.h",
                   '// never call rand() or steady_clock here\nconst char* s = "time()";\n')
        self.assertEqual(self.problems(), [])

    def test_member_named_time_is_fine(self):
        self.write("broker-core/storage/seg.cpp", "auto t = entry.time();\nclock.now();\n")
        self.assertEqual(self.problems(), [])

    def test_unknown_module(self):
        self.write("broker-core/gadgets/g.h", "\n")
        self.assertOneProblem("module 'gadgets' is not in the module table")

    def test_widgets_include_broker_core(self):
        self.write("widgets/viewers/v.h", '#include "base/status.h"\n')
        self.assertOneProblem("widgets/ may include no broker-core")

    def test_app_include_limited_to_client_and_node(self):
        self.write("app/pages/p.cpp", '#include "client/admin.h"\n#include "storage/log.h"\n')
        self.assertOneProblem("only broker-core client/ and node/")


if __name__ == "__main__":
    unittest.main()
