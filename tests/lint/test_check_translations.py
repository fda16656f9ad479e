"""Self-test for check_translations.py: each rule fires on a file that breaks it."""
import pathlib
import tempfile
import unittest

import check_translations

TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="{lang}">
<context>
    <name>C</name>
    <message>
        <source>&amp;Open %1</source>
        {translation}
    </message>
</context>
</TS>
"""


def write(folder, name, translation, lang="zh_CN"):
    path = pathlib.Path(folder) / name
    path.write_text(TEMPLATE.format(lang=lang, translation=translation), encoding="utf-8")
    return path


class CheckTranslationsTest(unittest.TestCase):
    def problems(self, translation):
        with tempfile.TemporaryDirectory() as d:
            return check_translations.check_file(write(d, "pier_zh_CN.ts", translation))[1]

    def test_finished_translation_passes(self):
        self.assertEqual(self.problems("<translation>打开 %1(&amp;O)</translation>"), [])

    def test_unfinished_is_reported(self):
        found = self.problems('<translation type="unfinished">打开 %1(&amp;O)</translation>')
        self.assertTrue(any("unfinished" in p for p in found), found)

    def test_lost_placeholder_is_reported(self):
        found = self.problems("<translation>打开 %2(&amp;O)</translation>")
        self.assertTrue(any("placeholders" in p for p in found), found)

    def test_lost_accelerator_is_reported(self):
        found = self.problems("<translation>打开 %1</translation>")
        self.assertTrue(any("accelerator" in p for p in found), found)


if __name__ == "__main__":
    unittest.main()
